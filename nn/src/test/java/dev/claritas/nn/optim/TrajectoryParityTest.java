package dev.claritas.nn.optim;

import static dev.claritas.nn.optim.OptimFixtures.assertClose;
import static dev.claritas.nn.optim.OptimFixtures.doubles;
import static dev.claritas.nn.optim.OptimFixtures.json;
import static dev.claritas.nn.optim.OptimFixtures.list;
import static dev.claritas.nn.optim.OptimFixtures.number;
import static dev.claritas.nn.optim.OptimFixtures.object;
import static dev.claritas.nn.optim.OptimFixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AdamW, RMSprop, AMSGrad, parameter groups and gradient clipping follow PyTorch's trajectories step
 * for step: 20 steps on L(w, c) = mean((w·A + c − B)²) + 0.01·Σw⁴ + 0.01·Σc⁴ from the same start, each
 * step's w and c compared within 1e-5 of their magnitude, and the clipping's total norm within 1e-5 of
 * PyTorch's. The fixture script checked that a float64 replay stays within 1e-6 of each float32
 * trajectory, so a difference here is a different rule, not amplified rounding.
 */
class TrajectoryParityTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"adamw_default", "adamw_custom", "adamw_amsgrad", "adam_amsgrad", "rmsprop_default",
        "rmsprop_momentum", "rmsprop_centered", "rmsprop_weight_decay", "rmsprop_centered_momentum_decay",
        "groups_sgd", "groups_adamw", "clip_norm2_sgd", "clip_norminf_adam", "clip_value_sgd"})
    void followsPyTorchsTrajectory(String name) {
        SafeTensorsFile f = OptimFixtures.read("traj__" + name);
        Tensor a = tensor(f, "a");
        Tensor b = tensor(f, "b");
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("w", new Parameter(tensor(f, "w0")));
        named.put("c", new Parameter(tensor(f, "c0")));
        Optimizer optimizer = optimizer(name, f.metadata().get("optimizer"), list(json(f, "groups")), named);
        Object clipJson = json(f, "clip");
        Map<String, Object> clip = clipJson == null ? null : object(clipJson);

        int steps = tensor(f, "trajectory.w").size(0);
        assertEquals(20, steps);
        for (int t = 0; t < steps; t++) {
            optimizer.zeroGrad();
            Tensor w = named.get("w").value();
            Tensor c = named.get("c").value();
            w.matmul(a).add(c).sub(b).pow(2).mean().add(w.pow(4).sum().mul(0.01)).add(c.pow(4).sum().mul(0.01)).backward();
            if (clip != null && clip.get("kind").equals("norm")) {
                double normType = clip.get("norm_type").equals("inf") ? Double.POSITIVE_INFINITY : number(clip, "norm_type");
                double total = ClipGrad.byNorm(optimizer.params(), number(clip, "max_norm"), normType);
                assertClose(tensor(f, "total_norm").narrow(0, t, 1).reshape(), Tensor.scalar(total),
                        name + ": total norm at step " + (t + 1));
            } else if (clip != null) {
                ClipGrad.byValue(optimizer.params(), number(clip, "clip_value"));
            }
            optimizer.step();
            for (String p : named.keySet()) {
                Tensor expected = tensor(f, "trajectory." + p).narrow(0, t, 1).squeeze(0);
                assertClose(expected, named.get(p).value(), name + ": " + p + " after step " + (t + 1));
            }
        }
    }

    /** The optimizer PyTorch used, built from its resolved parameter groups. */
    private static Optimizer optimizer(String name, String kind, List<Object> groupsJson, Map<String, Parameter> named) {
        List<Parameter> all = List.copyOf(named.values());
        return switch (kind) {
            case "SGD" -> build(groupsJson, named, TrajectoryParityTest::sgdOptions, SGD::new, SGD::new);
            case "Adam" -> build(groupsJson, named, TrajectoryParityTest::adamOptions, Adam::new, Adam::new);
            case "AdamW" -> name.endsWith("_default")
                    ? defaults(groupsJson, AdamW.defaults(), TrajectoryParityTest::adamOptions, new AdamW(all))
                    : build(groupsJson, named, TrajectoryParityTest::adamOptions, AdamW::new, AdamW::new);
            case "RMSprop" -> name.endsWith("_default")
                    ? defaults(groupsJson, RMSprop.defaults(), TrajectoryParityTest::rmspropOptions, new RMSprop(all))
                    : build(groupsJson, named, TrajectoryParityTest::rmspropOptions, RMSprop::new, RMSprop::new);
            default -> throw new IllegalArgumentException("unknown optimizer " + kind);
        };
    }

    /** An optimizer built with no options, after checking that Claritas' defaults are PyTorch's. */
    private static <O> Optimizer defaults(List<Object> groupsJson, O defaults, Function<Map<String, Object>, O> options,
                                          Optimizer optimizer) {
        assertEquals(1, groupsJson.size());
        assertEquals(options.apply(object(groupsJson.get(0))), defaults, "defaults");
        return optimizer;
    }

    /** One group through the (params, options) constructor, several through the group constructor. */
    @SuppressWarnings("unchecked")
    private static <O extends GroupOptions<O>> Optimizer build(
            List<Object> groupsJson, Map<String, Parameter> named, Function<Map<String, Object>, O> options,
            BiFunction<List<Parameter>, O, Optimizer> single,
            Function<ParamGroup<O>[], Optimizer> grouped) {
        List<ParamGroup<O>> groups = new ArrayList<>();
        for (Object g : groupsJson) {
            Map<String, Object> group = object(g);
            List<Parameter> params = list(group.get("params")).stream().map(n -> named.get((String) n)).toList();
            groups.add(new ParamGroup<>(params, options.apply(group)));
        }
        if (groups.size() == 1) {
            return single.apply(groups.get(0).params(), groups.get(0).options());
        }
        return grouped.apply(groups.toArray(ParamGroup[]::new));
    }

    private static SGDOptions sgdOptions(Map<String, Object> g) {
        return new SGDOptions(number(g, "lr"), number(g, "momentum"), number(g, "dampening"), number(g, "weight_decay"),
                (Boolean) g.get("nesterov"));
    }

    private static AdamOptions adamOptions(Map<String, Object> g) {
        double[] betas = doubles(g.get("betas"));
        return new AdamOptions(number(g, "lr"), betas[0], betas[1], number(g, "eps"), number(g, "weight_decay"),
                (Boolean) g.get("amsgrad"));
    }

    private static RMSpropOptions rmspropOptions(Map<String, Object> g) {
        return new RMSpropOptions(number(g, "lr"), number(g, "alpha"), number(g, "eps"), number(g, "weight_decay"),
                number(g, "momentum"), (Boolean) g.get("centered"));
    }
}
