package dev.claritas.nn;

import static dev.claritas.nn.NnFixtures.args;
import static dev.claritas.nn.NnFixtures.assertClose;
import static dev.claritas.nn.NnFixtures.number;
import static dev.claritas.nn.NnFixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.nn.optim.Adam;
import dev.claritas.nn.optim.Optimizer;
import dev.claritas.nn.optim.SGD;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SGD and Adam follow PyTorch's trajectory step for step: 20 steps on
 * L(w) = mean((w·A − B)²) + 0.01·Σ w⁴ from the same start, with every step compared within 1e-5 of
 * |w|. The fixture script checked that a float64 replay of each trajectory stays within 1e-6 of the
 * float32 one, so the trajectories are not chaotic and a difference here is a different update rule,
 * not rounding amplified.
 */
class OptimizerParityTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd_plain", "sgd_momentum", "sgd_nesterov", "sgd_momentum_dampening_decay",
        "adam_default", "adam_lr0.05_decay", "adam_betas_eps"})
    void followsPyTorchsTrajectory(String name) {
        SafeTensorsFile f = NnFixtures.read("optim__" + name);
        Tensor a = tensor(f, "a");
        Tensor b = tensor(f, "b");
        Tensor expected = tensor(f, "trajectory");
        Parameter w = new Parameter(tensor(f, "w0"));
        Optimizer optimizer = optimizer(name, f.metadata().get("optimizer"), args(f), List.of(w));

        int steps = expected.size(0);
        assertEquals(20, steps);
        for (int t = 0; t < steps; t++) {
            optimizer.zeroGrad();
            Tensor value = w.value();
            value.matmul(a).sub(b).pow(2).mean().add(value.pow(4).sum().mul(0.01)).backward();
            optimizer.step();
            assertClose(expected.narrow(0, t, 1).reshape(3, 4), w.value(), name + ": w after step " + (t + 1));
        }
    }

    /** The optimizer PyTorch used, built from its hyperparameters with PyTorch's defaults filled in. */
    private static Optimizer optimizer(String name, String kind, Map<String, Object> args, List<Parameter> params) {
        double lr = number(args, "lr");
        double weightDecay = number(args, "weight_decay");
        return switch (kind) {
            case "SGD" -> new SGD(params, lr, number(args, "momentum"), number(args, "dampening"), weightDecay,
                    (Boolean) args.get("nesterov"));
            case "Adam" -> {
                assertEquals(false, args.get("amsgrad"), "these fixtures use plain Adam; AMSGrad has its own in fixtures/optim");
                // torch.optim.Adam([w]) with no arguments: Claritas' defaults must be PyTorch's.
                if (name.equals("adam_default")) {
                    yield new Adam(params);
                }
                List<?> betas = (List<?>) args.get("betas");
                yield new Adam(params, lr, ((Number) betas.get(0)).doubleValue(), ((Number) betas.get(1)).doubleValue(),
                        number(args, "eps"), weightDecay);
            }
            default -> throw new IllegalArgumentException("unknown optimizer " + kind);
        };
    }
}
