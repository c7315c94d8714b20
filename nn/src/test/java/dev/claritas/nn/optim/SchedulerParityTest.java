package dev.claritas.nn.optim;

import static dev.claritas.nn.optim.OptimFixtures.LR_TOLERANCE;
import static dev.claritas.nn.optim.OptimFixtures.doubles;
import static dev.claritas.nn.optim.OptimFixtures.ints;
import static dev.claritas.nn.optim.OptimFixtures.json;
import static dev.claritas.nn.optim.OptimFixtures.list;
import static dev.claritas.nn.optim.OptimFixtures.number;
import static dev.claritas.nn.optim.OptimFixtures.object;
import static dev.claritas.nn.optim.OptimFixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every schedule gives PyTorch's learning rates (and, for OneCycleLR, momenta) within 1e-12 over 60
 * steps, on an optimizer with two parameter groups of different learning rates: after construction
 * and after each step, both the optimizer's groups and {@code lastLr}. ReduceLROnPlateau is driven
 * by the fixture's metric sequence. PyTorch steps most schedules recursively; the closed forms here
 * agree with it.
 */
class SchedulerParityTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"step_lr", "step_lr_default", "multistep_lr", "cosine", "cosine_default", "linear_default",
        "linear_warmup", "linear_decay", "onecycle_default", "onecycle_adam_three_phase_linear", "onecycle_no_momentum",
        "plateau_default", "plateau_max_abs_cooldown", "sequential_warmup_cosine", "sequential_three"})
    void followsPyTorchsLearningRates(String name) {
        SafeTensorsFile f = OptimFixtures.read("sched__" + name);
        Optimizer optimizer = optimizer(f.metadata().get("optimizer"));
        assertArrayEquals(doubles(json(f, "base_lrs")),
                optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray(), "base learning rates");
        LrScheduler scheduler = scheduler(object(json(f, "scheduler")), optimizer);
        double[][] lrs = rows(tensor(f, "lr"));
        double[][] momenta = rows(tensor(f, "momentum"));
        double[] metrics = f.tensors().containsKey("metrics") ? tensor(f, "metrics").toDoubleArray() : null;

        assertEquals(61, lrs.length);
        check(name, 0, lrs[0], momenta[0], optimizer, scheduler);
        for (int t = 0; t < lrs.length - 1; t++) {
            if (metrics == null) {
                scheduler.step();
            } else {
                scheduler.step(metrics[t]);
            }
            check(name, t + 1, lrs[t + 1], momenta[t + 1], optimizer, scheduler);
        }
    }

    private static void check(String name, int step, double[] lrs, double[] momenta, Optimizer optimizer,
                              LrScheduler scheduler) {
        for (int g = 0; g < lrs.length; g++) {
            String where = name + ", group " + g + ", step " + step;
            ParamGroup<?> group = optimizer.paramGroups().get(g);
            assertEquals(lrs[g], group.lr(), LR_TOLERANCE, where + ": lr");
            assertEquals(lrs[g], scheduler.lastLr(g), LR_TOLERANCE, where + ": lastLr");
            assertEquals(momenta[g], group.momentum(), LR_TOLERANCE, where + ": momentum");
        }
    }

    private static double[][] rows(Tensor t) {
        double[][] out = new double[t.size(0)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.narrow(0, i, 1).toDoubleArray();
        }
        return out;
    }

    /** The fixture script's optimizers: two groups, the second with a smaller learning rate. */
    private static Optimizer optimizer(String kind) {
        List<Parameter> first = List.of(new Parameter(Tensor.zeros(1)));
        List<Parameter> second = List.of(new Parameter(Tensor.zeros(1)));
        return switch (kind) {
            case "SGD" -> {
                SGDOptions o = SGDOptions.of(0.1).withMomentum(0.9);
                yield new SGD(new ParamGroup<>(first, o), new ParamGroup<>(second, o.withLr(0.02)));
            }
            case "Adam" -> new Adam(new ParamGroup<>(first, Adam.defaults().withLr(0.01)),
                    new ParamGroup<>(second, Adam.defaults().withLr(0.002)));
            default -> throw new IllegalArgumentException("unknown optimizer " + kind);
        };
    }

    /** The scheduler the spec names, with PyTorch's arguments; absent arguments take Claritas' defaults. */
    private static LrScheduler scheduler(Map<String, Object> spec, Optimizer optimizer) {
        if (spec.get("class").equals("SequentialLR")) {
            List<ClosedFormLrScheduler> children = list(spec.get("schedulers")).stream()
                    .map(child -> (ClosedFormLrScheduler) scheduler(object(child), optimizer)).toList();
            return new SequentialLR(optimizer, children, ints(spec.get("milestones")));
        }
        Map<String, Object> args = object(spec.get("args"));
        return switch ((String) spec.get("class")) {
            case "StepLR" -> args.containsKey("gamma")
                    ? new StepLR(optimizer, (int) number(args, "step_size"), number(args, "gamma"))
                    : new StepLR(optimizer, (int) number(args, "step_size"));
            case "MultiStepLR" -> new MultiStepLR(optimizer, number(args, "gamma"), ints(args.get("milestones")));
            case "CosineAnnealingLR" -> args.containsKey("eta_min")
                    ? new CosineAnnealingLR(optimizer, (int) number(args, "T_max"), number(args, "eta_min"))
                    : new CosineAnnealingLR(optimizer, (int) number(args, "T_max"));
            case "LinearLR" -> args.isEmpty()
                    ? new LinearWarmup(optimizer)
                    : new LinearWarmup(optimizer, number(args, "start_factor", 1.0 / 3), number(args, "end_factor", 1.0),
                            (int) number(args, "total_iters", 5));
            case "OneCycleLR" -> oneCycle(args, optimizer);
            case "ReduceLROnPlateau" -> args.isEmpty() ? new ReduceLROnPlateau(optimizer) : plateau(args, optimizer);
            default -> throw new IllegalArgumentException("unknown scheduler " + spec.get("class"));
        };
    }

    private static OneCycleLR oneCycle(Map<String, Object> args, Optimizer optimizer) {
        OneCycleLR.Options d = OneCycleLR.Options.defaults();
        OneCycleLR.Options o = d
                .withPctStart(number(args, "pct_start", d.pctStart()))
                .withAnneal("linear".equals(args.get("anneal_strategy")) ? OneCycleLR.Anneal.LINEAR : d.anneal())
                .withCycleMomentum(!Boolean.FALSE.equals(args.get("cycle_momentum")))
                .withMomentumRange(number(args, "base_momentum", d.baseMomentum()), number(args, "max_momentum", d.maxMomentum()))
                .withDivFactors(number(args, "div_factor", d.divFactor()), number(args, "final_div_factor", d.finalDivFactor()))
                .withThreePhase(Boolean.TRUE.equals(args.get("three_phase")));
        return new OneCycleLR(optimizer, doubles(args.get("max_lr")), (int) number(args, "total_steps"), o);
    }

    private static ReduceLROnPlateau plateau(Map<String, Object> args, Optimizer optimizer) {
        ReduceLROnPlateau.Options d = ReduceLROnPlateau.Options.defaults();
        ReduceLROnPlateau.Options o = d
                .withMode("max".equals(args.get("mode")) ? ReduceLROnPlateau.Mode.MAX : ReduceLROnPlateau.Mode.MIN)
                .withFactor(number(args, "factor", d.factor()))
                .withPatience((int) number(args, "patience", d.patience()))
                .withThreshold(number(args, "threshold", d.threshold()), "abs".equals(args.get("threshold_mode"))
                        ? ReduceLROnPlateau.ThresholdMode.ABS : ReduceLROnPlateau.ThresholdMode.REL)
                .withCooldown((int) number(args, "cooldown", d.cooldown()))
                .withMinLr(number(args, "min_lr", d.minLr()));
        return new ReduceLROnPlateau(optimizer, o);
    }
}
