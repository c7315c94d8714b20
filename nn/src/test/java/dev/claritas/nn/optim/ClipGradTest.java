package dev.claritas.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient clipping beyond the PyTorch trajectories: other norms, the untouched cases, bad arguments. */
class ClipGradTest {

    private static Parameter withGrad(float... grad) {
        Parameter p = new Parameter(Tensor.zeros(grad.length));
        p.value().setGrad(Tensor.of(grad, grad.length));
        return p;
    }

    @Test
    void totalNormCoversEveryGradientAsOneVector() {
        Parameter a = withGrad(3, 0);
        Parameter b = withGrad(0, -4);
        Parameter none = new Parameter(Tensor.zeros(2));
        List<Parameter> params = List.of(a, none, b);
        assertEquals(5, ClipGrad.byNorm(params, 100), 1e-12);
        assertEquals(7, ClipGrad.byNorm(params, 100, 1), 1e-12);
        assertEquals(4, ClipGrad.byNorm(params, 100, Double.POSITIVE_INFINITY), 1e-12);
    }

    @Test
    void scalesByMaxNormOverTotalWhenAbove() {
        Parameter a = withGrad(3, 0);
        Parameter b = withGrad(0, -4);
        double total = ClipGrad.byNorm(List.of(a, b), 1);
        assertEquals(5, total, 1e-12);
        double scale = 1 / (5 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * scale), 0}, a.grad().toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {0, (float) (-4 * scale)}, b.grad().toFloatArray(), 1e-7f);
    }

    @Test
    void leavesGradientsBelowTheLimitAlone() {
        Parameter a = withGrad(0.3f, -0.4f);
        Tensor before = a.grad();
        assertEquals(0.5, ClipGrad.byNorm(List.of(a), 1), 1e-7);
        assertSame(before, a.grad());
    }

    @Test
    void nothingToClipGivesZero() {
        assertEquals(0, ClipGrad.byNorm(List.of(new Parameter(Tensor.zeros(3))), 1));
    }

    @Test
    void byValueClampsEachElement() {
        Parameter a = withGrad(-2, -0.1f, 0.5f, 3);
        ClipGrad.byValue(List.of(a), 0.4);
        assertArrayEquals(new float[] {-0.4f, -0.1f, 0.4f, 0.4f}, a.grad().toFloatArray());
    }

    @Test
    void refusesBadArguments() {
        List<Parameter> params = List.of(withGrad(1));
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.byNorm(params, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.byNorm(params, -1));
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.byValue(params, -1));
    }
}
