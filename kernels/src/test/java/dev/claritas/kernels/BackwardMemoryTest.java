package dev.claritas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The backward pass releases the memory it made as soon as no held gradient shares it. These graphs
 * hand one gradient tensor to several inputs, or views of it, on tensors big enough to be recycled,
 * so a gradient released too early would be overwritten by a later node's tensors (or throw).
 */
class BackwardMemoryTest {
    private static final int N = 64; // 64×64 floats: 16 KiB, recycled through the host pool

    @Test
    void oneGradientHandedToTwoInputsLivesUntilBothHaveRun() {
        Tensor x = Tensor.randn(N, N).requiresGrad(true);
        Tensor a = x.mul(2);
        Tensor b = x.exp().mul(3);                    // b's node runs later and makes tensors of the same size
        Tensor s = a.add(b);                          // add hands the same gradient to a and to b
        s.mul(s).sum().backward();
        float[] xs = x.toFloatArray(), grad = x.grad().toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            double sum = 2 * xs[i] + 3 * Math.exp(xs[i]);
            assertEquals(2 * sum * (2 + 3 * Math.exp(xs[i])), grad[i], 1e-4 * Math.abs(2 * sum * (2 + 3 * Math.exp(xs[i]))) + 1e-4);
        }
    }

    @Test
    void gradientsPassedOnAsViewsStayAliveWithTheirViews() {
        Tensor x = Tensor.randn(N, N).requiresGrad(true);
        Tensor y = x.reshape(N * N).mul(2).reshape(N, N).t();  // views forward, views of one gradient backward
        Tensor z = y.add(y.t().t()).mul(x.t());                // y reaches z twice: its gradients are summed
        z.sum().backward();
        float[] xs = x.toFloatArray(), grad = x.grad().toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(8 * xs[i], grad[i], 1e-5 * Math.abs(8 * xs[i]) + 1e-6); // z = 4 x², elementwise
        }
    }

    @Test
    void whatTheCallerHoldsIsNeverReleased() {
        Tensor x = Tensor.randn(N, N).requiresGrad(true);
        Tensor hidden = x.mul(x);
        Tensor out = hidden.exp();
        float[] hiddenBefore = hidden.toFloatArray(), outBefore = out.toFloatArray();
        Tensor seed = Tensor.randn(N, N);
        float[] seedBefore = seed.toFloatArray();
        out.backward(seed, true);
        out.backward(seed, false);   // through the retained graph again: the saved tensors are intact
        assertArrayEquals(hiddenBefore, hidden.toFloatArray());
        assertArrayEquals(outBefore, out.toFloatArray());
        assertArrayEquals(seedBefore, seed.toFloatArray(), "the seed gradient is the caller's");
        float[] xs = x.toFloatArray(), grad = x.grad().toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            double expected = 2 * seedBefore[i] * outBefore[i] * 2 * xs[i];
            assertEquals(expected, grad[i], 1e-5 * Math.abs(expected) + 1e-6);
        }
    }

    @Test
    void insideAScopeTheLeafGradientsOutliveItAndTheForwardTensorsDoNot() {
        Tensor x = Tensor.randn(N, N).requiresGrad(true);
        Tensor hidden;
        try (Scope scope = Scope.open()) {
            hidden = x.mul(3);
            hidden.mul(hidden).sum().backward();
            assertEquals(N * N, hidden.toFloatArray().length, "alive until the scope closes");
        }
        float[] xs = x.toFloatArray(), grad = x.grad().toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(18 * xs[i], grad[i], 1e-5 * Math.abs(18 * xs[i]) + 1e-6);
        }
        Tensor released = hidden;
        assertThrows(IllegalStateException.class, released::toFloatArray);
    }

    @Test
    void aLeafKeepsTheGradientItReceivesOnlyWhenNothingElseCanReadIt() {
        Tensor x1 = Tensor.randn(N, N).requiresGrad(true), x2 = Tensor.randn(N, N).requiresGrad(true);
        Tensor seed = Tensor.randn(N, N);
        float[] seedBefore = seed.toFloatArray();
        // mul's rule makes 3·seed; add hands that one tensor to both leaves
        x1.add(x2).mul(3).backward(seed, false);
        x1.grad().mulInPlace(2);
        float[] g1 = x1.grad().toFloatArray(), g2 = x2.grad().toFloatArray();
        for (int i = 0; i < g1.length; i++) {
            assertEquals(6 * seedBefore[i], g1[i], 1e-5 * Math.abs(6 * seedBefore[i]) + 1e-6);
            assertEquals(3 * seedBefore[i], g2[i], 1e-5 * Math.abs(3 * seedBefore[i]) + 1e-6, "x2's gradient is its own");
        }
        // add hands the caller's seed itself to the leaves: they get copies
        Tensor y1 = Tensor.randn(N, N).requiresGrad(true), y2 = Tensor.randn(N, N).requiresGrad(true);
        y1.add(y2).backward(seed, false);
        y1.grad().mulInPlace(2);
        y2.grad().mulInPlace(2);
        assertArrayEquals(seedBefore, seed.toFloatArray(), "the seed is the caller's");
        assertArrayEquals(y1.grad().toFloatArray(), y2.grad().toFloatArray());
    }
}
