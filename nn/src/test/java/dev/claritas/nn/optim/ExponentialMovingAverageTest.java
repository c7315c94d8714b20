package dev.claritas.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.autograd.GradMode;
import dev.claritas.nn.Buffer;
import dev.claritas.nn.Module;
import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The moving average against a float64 reference, swapping it into a module and back, and its state dict. */
class ExponentialMovingAverageTest {

    /** A module with a parameter, a child's parameter and a buffer. */
    private static final class Net extends Module {
        final Parameter weight = registerParameter("weight", Tensor.of(new float[] {1, -2, 3, 0.5f}, 2, 2));
        final Inner inner = registerModule("inner", new Inner());

        @Override
        public Tensor forward(Tensor input) {
            return input.matmul(weight.value()).add(inner.bias.value());
        }
    }

    private static final class Inner extends Module {
        final Parameter bias = registerParameter("bias", Tensor.of(new float[] {0.25f, -1}, 2));
        final Buffer count = registerBuffer("count", Tensor.of(new long[] {7}));

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    @Test
    void followsTheExponentialMovingAverage() {
        Parameter p = new Parameter(Tensor.of(new float[] {1, 2, -3}, 3));
        double decay = 0.9;
        var ema = new ExponentialMovingAverage(List.of(p), decay);
        double[] average = {1, 2, -3};
        for (int step = 1; step <= 6; step++) {
            float[] value = {step, 2 - step * 0.5f, (float) Math.sin(step)};
            setValue(p, value);
            ema.update();
            for (int i = 0; i < average.length; i++) {
                average[i] = decay * average[i] + (1 - decay) * value[i];
            }
        }
        double[] actual = ema.stateDict().get("0").toDoubleArray();
        for (int i = 0; i < average.length; i++) {
            assertEquals(average[i], actual[i], 1e-6, "element " + i);
        }
    }

    @Test
    void swapsTheAveragesInAndTheTrainingWeightsBackExactly() {
        Net net = new Net();
        var ema = new ExponentialMovingAverage(net, 0.5);
        Tensor weightTensor = net.weight.value();
        float[] trained = {3, 3, 3, 3};
        setValue(net.weight, trained);
        ema.update();                                   // average = (start + trained) / 2
        float[] live = {0.1f, 0.2f, 0.3f, 0.4f};
        setValue(net.weight, live);
        Tensor grad = Tensor.ones(2, 2);
        net.weight.value().setGrad(grad);

        try (var averaged = ema.swapIn()) {
            assertArrayEquals(new float[] {2, 0.5f, 3, 1.75f}, net.weight.value().toFloatArray());
            assertArrayEquals(new float[] {0.25f, -1}, net.inner.bias.value().toFloatArray());
        }
        assertArrayEquals(live, net.weight.value().toFloatArray());
        assertSame(weightTensor, net.weight.value(), "the parameter keeps its tensor");
        assertSame(grad, net.weight.value().grad(), "and its gradient");
    }

    @Test
    void stateDictHasTheModulesParameterNamesAndLoadsIntoTheModule() {
        Net net = new Net();
        var ema = new ExponentialMovingAverage(net, 0.75);
        setValue(net.weight, new float[] {5, 5, 5, 5});
        ema.update();
        Map<String, Tensor> state = ema.stateDict();
        assertEquals(List.of("weight", "inner.bias"), List.copyOf(state.keySet()));

        Net evaluation = new Net();
        var report = evaluation.loadStateDict(state, false);
        assertEquals(List.of("inner.count"), report.missingKeys(), "buffers are not averaged");
        assertArrayEquals(new float[] {2, -0.25f, 3.5f, 1.625f}, evaluation.weight.value().toFloatArray());

        var resumed = new ExponentialMovingAverage(new Net(), 0.75);
        resumed.loadStateDict(state);
        assertArrayEquals(state.get("weight").toFloatArray(), resumed.stateDict().get("weight").toFloatArray());
    }

    @Test
    void refusesADecayOutsideTheUnitInterval() {
        List<Parameter> params = List.of(new Parameter(Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(params, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(params, -0.1));
    }

    private static void setValue(Parameter p, float[] values) {
        try (var noGrad = GradMode.disable()) {
            p.value().copyFrom(Tensor.of(values, p.value().shape().toArray()));
        }
    }
}
