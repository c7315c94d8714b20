package dev.claritas.nn;

import static dev.claritas.nn.LossFixtures.args;
import static dev.claritas.nn.LossFixtures.tensor;
import static dev.claritas.nn.NnFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SmoothL1Loss, CharbonnierLoss, BCEWithLogitsLoss and TotalVariationLoss against the fixtures of
 * {@code tools/make_loss_fixtures.py}: the value and the gradients of input and target (of the loss, or of
 * Σ loss · proj when it is unreduced), for every reduction, β, ε and positive weight there.
 */
class LossParityTest {

    static List<String> pairFixtures() {
        return Stream.of("smoothl1__", "charbonnier__", "bcewithlogits__").flatMap(p -> LossFixtures.names(p).stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairFixtures")
    void matchesPyTorch(String name) {
        SafeTensorsFile f = LossFixtures.read(name);
        Loss loss = create(f);
        Tensor x = tensor(f, "input").requiresGrad(true);
        Tensor y = tensor(f, "target").requiresGrad(true);
        Tensor out = loss.apply(x, y);
        assertClose(tensor(f, "output"), out, name + " output");
        LossFixtures.backward(f, out);
        assertClose(tensor(f, "grad_input"), x.grad(), name + " input gradient");
        assertClose(tensor(f, "grad_target"), y.grad(), name + " target gradient");
    }

    private static Loss create(SafeTensorsFile f) {
        Map<String, Object> a = args(f);
        Reduction reduction = Reduction.of((String) a.get("reduction"));
        return switch (f.metadata().get("loss")) {
            case "SmoothL1Loss" -> new SmoothL1Loss(((Number) a.get("beta")).doubleValue(), reduction);
            case "CharbonnierLoss" -> new CharbonnierLoss(
                    a.containsKey("eps") ? ((Number) a.get("eps")).doubleValue() : CharbonnierLoss.DEFAULT_EPS, reduction);
            case "BCEWithLogitsLoss" -> new BCEWithLogitsLoss(reduction,
                    LossFixtures.has(f, "pos_weight") ? tensor(f, "pos_weight") : null);
            default -> throw new IllegalArgumentException("no loss for " + f.metadata().get("loss"));
        };
    }

    @Test
    void totalVariationMatchesDefinition() {
        SafeTensorsFile f = LossFixtures.read("totalvariation__2x3x5x6");
        Tensor x = tensor(f, "input").requiresGrad(true);
        Tensor out = new TotalVariationLoss().apply(x);
        assertClose(tensor(f, "output"), out, "total variation");
        out.backward();
        assertClose(tensor(f, "grad_input"), x.grad(), "total variation gradient");
    }

    @Test
    void totalVariationOfConstantImageIsZero() {
        Tensor x = Tensor.ones(1, 1, 4, 5);
        assertTrue(new TotalVariationLoss().apply(x).item() == 0);
    }

    @Test
    void defaultsArePyTorchs() {
        Tensor x = Tensor.of(new float[] {0.2f, 3f}, 2);
        Tensor y = Tensor.of(new float[] {0f, 0f}, 2);
        // β = 1, mean: (0.5·0.04 + (3 − 0.5)) / 2
        assertClose(Tensor.scalar(1.26), new SmoothL1Loss().apply(x, y), "SmoothL1Loss()");
        // ε = 1e-3, mean
        assertClose(Tensor.scalar((Math.sqrt(0.04 + 1e-6) + Math.sqrt(9 + 1e-6)) / 2), new CharbonnierLoss().apply(x, y),
                "CharbonnierLoss()");
    }

    @Test
    void refusesMismatchedShapesAndBadArguments() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3, 2);
        var e = assertThrows(ShapeMismatchException.class, () -> new SmoothL1Loss().apply(a, b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new BCEWithLogitsLoss().apply(a, b));
        assertThrows(ShapeMismatchException.class, () -> new CharbonnierLoss().apply(a, b));
        assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(-1, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> new CharbonnierLoss(0, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Reduction.of("average"));
    }
}
