package dev.claritas.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Saving an optimizer and its scheduler after k steps, rebuilding both from scratch, loading the
 * saved state (through a safetensors file) and going on gives bit-identical parameters and learning
 * rates to a run that was never interrupted.
 */
class StateDictResumeTest {
    private static final int STEPS = 12;
    private static final int SAVED_AFTER = 5;

    @TempDir
    Path dir;

    /** An optimizer and a schedule over the parameters w [3, 4] and c [3, 1]. */
    enum Setup {
        SGD_NESTEROV_STEP(ps -> new SGD(ps, new SGDOptions(0.05, 0.9, 0, 0.01, true)), o -> new StepLR(o, 3, 0.5)),
        ADAM_AMSGRAD_ONECYCLE(ps -> new Adam(ps, Adam.defaults().withLr(0.05).withAmsgrad(true)),
                o -> new OneCycleLR(o, 0.05, STEPS)),
        ADAMW_GROUPS_WARMUP_COSINE(ps -> new AdamW(new ParamGroup<>(ps.subList(0, 1), AdamW.defaults().withLr(0.05)),
                new ParamGroup<>(ps.subList(1, 2), AdamW.defaults().withLr(0.01).withWeightDecay(0))),
                o -> new SequentialLR(o, List.of(new LinearWarmup(o, 0.1, 1, 3), new CosineAnnealingLR(o, 9)), 3)),
        RMSPROP_CENTERED_MOMENTUM_PLATEAU(ps -> new RMSprop(ps, RMSprop.defaults().withMomentum(0.5).withCentered(true)),
                o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.Options.defaults().withPatience(2).withFactor(0.5)));

        final Function<List<Parameter>, Optimizer> optimizer;
        final Function<Optimizer, LrScheduler> scheduler;

        Setup(Function<List<Parameter>, Optimizer> optimizer, Function<Optimizer, LrScheduler> scheduler) {
            this.optimizer = optimizer;
            this.scheduler = scheduler;
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void resumingFromASavedStateIsBitIdentical(Setup setup) throws IOException {
        List<Parameter> uninterrupted = startingParameters();
        Optimizer optimizer = setup.optimizer.apply(uninterrupted);
        LrScheduler scheduler = setup.scheduler.apply(optimizer);
        train(optimizer, scheduler, 0, STEPS);

        List<Parameter> first = startingParameters();
        Optimizer before = setup.optimizer.apply(first);
        LrScheduler beforeScheduler = setup.scheduler.apply(before);
        train(before, beforeScheduler, 0, SAVED_AFTER);
        TensorFiles.save(dir.resolve("optimizer.safetensors"), before.stateDict(), Map.of());
        TensorFiles.save(dir.resolve("scheduler.safetensors"), beforeScheduler.stateDict(), Map.of());

        // A new process: parameters from the checkpoint, optimizer and schedule built as at the start.
        List<Parameter> resumed = first.stream().map(p -> new Parameter(p.value().detach().copy())).toList();
        Optimizer after = setup.optimizer.apply(resumed);
        LrScheduler afterScheduler = setup.scheduler.apply(after);
        after.loadStateDict(TensorFiles.load(dir.resolve("optimizer.safetensors")));
        afterScheduler.loadStateDict(TensorFiles.load(dir.resolve("scheduler.safetensors")));
        train(after, afterScheduler, SAVED_AFTER, STEPS);

        for (int i = 0; i < resumed.size(); i++) {
            assertArrayEquals(uninterrupted.get(i).value().toFloatArray(), resumed.get(i).value().toFloatArray(),
                    setup + ": parameter " + i);
        }
        for (int g = 0; g < optimizer.paramGroups().size(); g++) {
            assertEquals(optimizer.paramGroups().get(g).options(), after.paramGroups().get(g).options(), setup + ": group " + g);
            assertEquals(scheduler.lastLr(g), afterScheduler.lastLr(g), 0, setup + ": lastLr " + g);
        }
    }

    @Test
    void stateDictUsesPyTorchsKeys() {
        List<Parameter> params = startingParameters();
        Adam adam = new Adam(params, Adam.defaults().withAmsgrad(true));
        new StepLR(adam, 10);
        assertEquals(Set.of("param_groups.0.lr", "param_groups.0.betas", "param_groups.0.eps", "param_groups.0.weight_decay",
                "param_groups.0.amsgrad", "param_groups.0.initial_lr", "param_groups.0.params"), adam.stateDict().keySet());
        train(adam, null, 0, 1);
        Map<String, Tensor> state = adam.stateDict();
        for (String key : List.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")) {
            assertTrue(state.containsKey("state.1." + key), key);
        }
        assertEquals(1, state.get("state.0.step").toLongArray()[0]);
        assertEquals(DType.INT64, state.get("state.0.step").dtype());
        assertArrayEquals(new long[] {0, 1}, state.get("param_groups.0.params").toLongArray());
        assertArrayEquals(new double[] {0.9, 0.999}, state.get("param_groups.0.betas").toDoubleArray());
    }

    @Test
    void aStateDictOfAnotherOptimizerIsRefusedAndNothingChanges() {
        List<Parameter> params = startingParameters();
        Adam adam = new Adam(params, 0.01);
        train(adam, null, 0, 2);
        SGD sgd = new SGD(params, 0.5, 0.9, 0, 0, false);
        var e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(adam.stateDict()));
        assertTrue(e.getMessage().contains("param_groups.0"), e.getMessage());
        assertEquals(0.5, sgd.lr());
        assertTrue(sgd.stateDict().keySet().stream().noneMatch(k -> k.startsWith("state.")));
    }

    @Test
    void aBufferOfTheWrongShapeIsNamed() {
        List<Parameter> params = startingParameters();
        RMSprop rmsprop = new RMSprop(params);
        train(rmsprop, null, 0, 1);
        Map<String, Tensor> state = new LinkedHashMap<>(rmsprop.stateDict());
        state.put("state.1.square_avg", Tensor.zeros(2, 2));
        rmsprop.setLr(0.5);
        var e = assertThrows(IllegalArgumentException.class, () -> rmsprop.loadStateDict(state));
        assertTrue(e.getMessage().contains("state.1.square_avg"), e.getMessage());
        assertEquals(0.5, rmsprop.lr(), "a failed load changes nothing");

        state.remove("state.1.square_avg");
        state.put("state.7.square_avg", Tensor.zeros(3, 1));
        e = assertThrows(IllegalArgumentException.class, () -> rmsprop.loadStateDict(state));
        assertTrue(e.getMessage().contains("state.7.square_avg"), e.getMessage());
    }

    @Test
    void groupsMustMatchTheSavedOnes() {
        List<Parameter> params = startingParameters();
        SGD two = new SGD(new ParamGroup<>(params.subList(0, 1), SGDOptions.of(0.1)),
                new ParamGroup<>(params.subList(1, 2), SGDOptions.of(0.2)));
        SGD one = new SGD(params, 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> one.loadStateDict(two.stateDict()));
        assertTrue(e.getMessage().contains("param_groups"), e.getMessage());
    }

    /** Steps {@code from} until {@code to} on the fixtures' objective; the metric for plateaus is the loss. */
    private static void train(Optimizer optimizer, LrScheduler scheduler, int from, int to) {
        Tensor a = normal(4, 5, 1);
        Tensor b = normal(3, 5, 2);
        for (int t = from; t < to; t++) {
            optimizer.zeroGrad();
            Tensor w = optimizer.params().get(0).value();
            Tensor c = optimizer.params().get(1).value();
            Tensor loss = w.matmul(a).add(c).sub(b).pow(2).mean().add(w.pow(4).sum().mul(0.01));
            loss.backward();
            optimizer.step();
            if (scheduler != null) {
                // A metric that never improves on its first value: a plateau schedule cuts the lr every
                // third step and is saved with one bad step counted.
                scheduler.step(t == 0 ? 1.0 : 2.0);
            }
        }
    }

    private static List<Parameter> startingParameters() {
        return List.of(new Parameter(normal(3, 4, 3)), new Parameter(normal(3, 1, 4)));
    }

    private static Tensor normal(int rows, int cols, long seed) {
        return Ops.normal(new int[] {rows, cols}, 0, 1, DType.FLOAT32, Device.CPU, new Generator(seed));
    }
}
