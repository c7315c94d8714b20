package dev.claritas.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Parameter groups: per-group options, lr for all groups, indices across groups, and the checks. */
class OptimizerGroupsTest {

    private static Parameter param(float value) {
        return new Parameter(Tensor.of(new float[] {value}, 1));
    }

    @Test
    void eachGroupStepsWithItsOwnLearningRate() {
        Parameter a = param(1);
        Parameter b = param(1);
        SGD sgd = new SGD(new ParamGroup<>(List.of(a), SGDOptions.of(0.1)), new ParamGroup<>(List.of(b), SGDOptions.of(0.5)));
        a.value().setGrad(Tensor.ones(1));
        b.value().setGrad(Tensor.ones(1));
        sgd.step();
        assertArrayEquals(new float[] {0.9f}, a.value().toFloatArray());
        assertArrayEquals(new float[] {0.5f}, b.value().toFloatArray());
        assertEquals(List.of(a, b), sgd.params());
    }

    @Test
    void setLrAppliesToEveryGroupAndLrReadsTheFirst() {
        AdamW adamw = new AdamW(new ParamGroup<>(List.of(param(1)), AdamW.defaults().withLr(0.1)),
                new ParamGroup<>(List.of(param(2)), AdamW.defaults().withLr(0.2)));
        assertEquals(0.1, adamw.lr());
        adamw.setLr(0.05);
        assertEquals(0.05, adamw.paramGroups().get(0).lr());
        assertEquals(0.05, adamw.paramGroups().get(1).lr());
        adamw.paramGroups().get(1).setLr(0.3);
        assertEquals(0.3, adamw.paramGroups().get(1).lr());
        assertEquals(0.01, ((AdamOptions) adamw.paramGroups().get(1).options()).weightDecay(), "other options stay");
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Parameter a = param(1);
        Parameter b = param(1);
        RMSprop rmsprop = new RMSprop(List.of(a, b));
        b.value().setGrad(Tensor.ones(1));
        rmsprop.step();
        assertArrayEquals(new float[] {1}, a.value().toFloatArray());
        assertEquals(Set.of("step", "square_avg"), rmsprop.stateDict().keySet().stream()
                .filter(k -> k.startsWith("state.")).map(k -> k.substring("state.1.".length())).collect(
                        Collectors.toSet()));
    }

    @Test
    void refusesAParameterInTwoGroupsAndNoGroups() {
        Parameter a = param(1);
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(
                new ParamGroup<>(List.of(a), Adam.defaults()), new ParamGroup<>(List.of(a), Adam.defaults())));
        assertEquals("a parameter appears more than once in the optimizer's parameter groups", e.getMessage());
        assertThrows(IllegalArgumentException.class, SGD::new);
    }

    @Test
    void optionsCheckTheirValuesAsPyTorchDoes() {
        assertThrows(IllegalArgumentException.class, () -> SGDOptions.of(-1));
        assertThrows(IllegalArgumentException.class, () -> SGDOptions.of(0.1).withNesterov(true));
        assertThrows(IllegalArgumentException.class, () -> Adam.defaults().withBetas(1, 0.999));
        assertThrows(IllegalArgumentException.class, () -> RMSprop.defaults().withMomentum(-0.5));
        assertThrows(IllegalArgumentException.class, () -> AdamW.defaults().withLr(Double.NaN));
    }
}
