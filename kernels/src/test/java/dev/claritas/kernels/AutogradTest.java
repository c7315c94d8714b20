package dev.claritas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Shape;
import dev.claritas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Autograd as users see it through {@link Tensor}, on the CPU. */
class AutogradTest {

    private static Tensor leaf(double... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    private static void assertGrad(double[] expected, Tensor t) {
        assertNotNull(t.grad(), "no gradient reached the tensor");
        assertArrayEquals(expected, t.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradientsOfTwoBackwardPassesAdd() {
        Tensor x = leaf(1, 2, 3);

        x.mul(2).sum().backward();
        x.mul(x).sum().backward();

        // d/dx (2x) + d/dx (x²) = 2 + 2x
        assertGrad(new double[] {4, 6, 8}, x);
    }

    @Test
    void zeroGradClearsTheAccumulatedGradient() {
        Tensor x = leaf(1, 2);
        x.mul(5).sum().backward();

        x.zeroGrad();
        assertNull(x.grad());

        x.mul(3).sum().backward();
        assertGrad(new double[] {3, 3}, x);
    }

    @Test
    void detachStopsTheGradient() {
        Tensor x = leaf(1, 2);
        // y = x * stop_gradient(x): only the first factor carries a gradient, so dy/dx = x, not 2x
        Tensor y = x.mul(x.detach());

        y.sum().backward();

        assertGrad(new double[] {1, 2}, x);
        assertFalse(x.detach().requiresGrad());
        assertTrue(x.detach().isLeaf());
    }

    @Test
    void noGradModeRecordsNothing() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var noGrad = GradMode.disable()) {
            y = x.mul(3).exp().sum();
        }
        assertNull(y.gradFnName());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());

        Tensor recorded = x.mul(3);
        assertEquals("mul", recorded.gradFnName(), "recording resumes once the scope is closed");
        assertTrue(recorded.requiresGrad());
    }

    @Test
    void onlyFloatingPointTensorsCanRequireGrad() {
        Tensor ints = Tensor.of(new long[] {1, 2, 3}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ints.requiresGrad(true));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void backwardOfANonScalarNeedsAGradient() {
        Tensor y = leaf(1, 2, 3).mul(2);

        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
        assertTrue(e.getMessage().contains("[3]"), "the message names the shape: " + e.getMessage());
    }

    @Test
    void backwardOfANonScalarWithAnExplicitGradientWorks() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);

        y.backward(Tensor.of(new double[] {1, 0, -1}, 3), false);

        // vector-Jacobian product: g * 2x
        assertGrad(new double[] {2, 0, -6}, x);
    }

    @Test
    void aSecondBackwardThroughAFreedGraphFailsClearly() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward();

        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertTrue(e.getMessage().contains("retainGraph"), "the message says how to fix it: " + e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(0, 1);
        Tensor loss = x.exp().sum();
        Tensor one = Tensor.of(new double[] {1}, new int[0]);

        loss.backward(one, true);
        loss.backward(one, true);

        assertGrad(new double[] {2, 2 * Math.E}, x);
    }

    @Test
    void modifyingASavedValueInPlaceMakesBackwardThrow() {
        Tensor x = leaf(1, 2);
        Tensor a = Tensor.of(new double[] {5, 6}, 2);
        Tensor y = x.mul(a); // saves a: dy/dx = a
        try (var noGrad = GradMode.disable()) {
            a.fill(3);
        }

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("modified by an in-place operation"), e.getMessage());
        assertTrue(e.getMessage().contains("mul"), "the message names the op: " + e.getMessage());
    }

    @Test
    void modifyingAViewOfASavedValueIsCaughtToo() {
        // views share their storage's version counter
        Tensor x = leaf(1, 2);
        Tensor a = Tensor.of(new double[] {5, 6}, 2);
        Tensor y = x.mul(a);
        a.narrow(0, 1, 1).fill(0);

        assertThrows(IllegalStateException.class, () -> y.sum().backward());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsRefusedWhileRecording() {
        Tensor x = leaf(1, 2);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.fill(0));
        assertTrue(e.getMessage().contains("requires grad"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> x.mulInPlace(2));

        try (var noGrad = GradMode.disable()) {
            x.mulInPlace(2); // what an optimizer step does
        }
        assertArrayEquals(new double[] {2, 4}, x.toDoubleArray());
    }

    @Test
    void inPlaceArithmeticWritesOverItsTensorWhateverItsLayoutAndOperand() {
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor y = leaf(1, 1, 1, 1, 1, 1).reshape(2, 3).mul(m); // saves m
        m.mulInPlace(2).addInPlace(1).divInPlace(4).addInPlace(Tensor.of(new double[] {10, 20, 30}, 3), 2);
        assertArrayEquals(new double[] {20.75, 41.25, 61.75, 22.25, 42.75, 63.25}, m.toDoubleArray());
        assertThrows(IllegalStateException.class, () -> y.sum().backward(), "the write bumped m's version");

        Tensor square = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        square.addInPlace(square.t(), 1);            // reads its own memory in another order
        assertArrayEquals(new double[] {2, 5, 5, 8}, square.toDoubleArray());

        Tensor base = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        base.t().mulInPlace(10);                     // a strided view of the storage
        base.narrow(1, 1, 2).addInPlace(1);          // a view that starts past element 0
        assertArrayEquals(new double[] {10, 21, 31, 40, 51, 61}, base.toDoubleArray());
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = leaf(1.5, -2);

        x.mul(x).sum().backward();

        assertGrad(new double[] {3, -4}, x);
    }

    /**
     * PyTorch's threshold_backward: g where relu's output is positive or NaN, 0 where it is 0 (from
     * negative inputs, -0 and 0 alike). 40 elements reach the vector loop and its scalar tail.
     */
    @Test
    void reluPassesTheGradientWhereItsOutputIsPositiveOrNaN() {
        double[] special = {-1.5, -0.0, 0.0, 2.5, Double.NaN};
        double[] x = new double[40], g = new double[40], expected = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = special[i % special.length];
            g[i] = i + 1;
            expected[i] = x[i] > 0 || Double.isNaN(x[i]) ? g[i] : 0;
        }
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor input = Tensor.of(x, 40).to(dtype).requiresGrad(true);
            input.relu().backward(Tensor.of(g, 40).to(dtype), false);
            assertArrayEquals(expected, input.grad().toDoubleArray(), 0, dtype.toString());
        }
    }

    @Test
    void broadcastGradientsAreSummedBackToTheInputShape() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor rowBias = Tensor.of(new double[] {10, 20, 30}, 3).requiresGrad(true);
        Tensor colScale = Tensor.of(new double[] {2, 3}, 2, 1).requiresGrad(true);

        a.add(rowBias).mul(colScale).sum().backward();

        assertEquals(Shape.of(3), rowBias.grad().shape());
        assertEquals(Shape.of(2, 1), colScale.grad().shape());
        // d/dbias_j = sum_i scale_i = 5; d/dscale_i = sum_j (a_ij + bias_j)
        assertGrad(new double[] {5, 5, 5}, rowBias);
        assertGrad(new double[] {66, 75}, colScale);
        assertGrad(new double[] {2, 2, 2, 3, 3, 3}, a);
    }

    @Test
    void gradientsOnlyReachLeavesThatRequireThem() {
        Tensor x = leaf(1, 2);
        Tensor constant = Tensor.of(new double[] {3, 4}, 2);

        x.mul(constant).sum().backward();

        assertNull(constant.grad());
        assertGrad(new double[] {3, 4}, x);
    }

    @Test
    void intermediateResultsRecordTheirOpAndAreNotLeaves() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp();

        assertEquals("exp", y.gradFnName());
        assertFalse(y.isLeaf());
        assertTrue(y.requiresGrad());
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(false),
                "requiresGrad can only be changed on leaves");
        y.sum().backward();
        assertNull(y.grad(), "only leaves accumulate .grad");
    }
}
