package dev.claritas.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dropout in training mode, which PyTorch fixtures cannot check (torch's random numbers are not
 * ours): the share dropped, the scaling of the rest, the mask reaching the gradient, reproducibility
 * from the seed. Evaluation mode is checked against PyTorch by {@link LayerFixtureParityTest}.
 */
class DropoutTest {

    @BeforeEach
    void seed() {
        Generator.manualSeed(7);
    }

    /**
     * 200,000 elements, p = 0.3: the dropped share has standard error √(0.3·0.7/n) ≈ 0.001, so a
     * tolerance of 0.006 is 6 standard errors. Every kept element is x/(1 − p); gradients of
     * Σ out·proj are proj/(1 − p) exactly where the element was kept, 0 where it was dropped.
     */
    @Test
    void trainingDropsAShareOfPAndScalesTheRestWithTheSameMaskForTheGradient() {
        double p = 0.3;
        Dropout dropout = new Dropout(p);
        Tensor x = Tensor.rand(400, 500).add(0.5).requiresGrad(true); // in [0.5, 1.5): no zero inputs
        Tensor out = dropout.forward(x);
        Tensor proj = Tensor.randn(400, 500);
        out.mul(proj).sum().backward();

        double[] xs = x.toDoubleArray(), os = out.toDoubleArray(), ps = proj.toDoubleArray(), gs = x.grad().toDoubleArray();
        int dropped = 0;
        for (int i = 0; i < xs.length; i++) {
            if (os[i] == 0) {
                dropped++;
                assertEquals(0, gs[i], 0.0, "a dropped element gets no gradient"); // ±0
            } else {
                assertEquals(xs[i] / (1 - p), os[i], 1e-6 * os[i], "kept elements are scaled by 1/(1 - p)");
                assertEquals(ps[i] / (1 - p), gs[i], 1e-6 * Math.abs(gs[i]) + 1e-12, "kept elements pass the scaled gradient");
            }
        }
        assertEquals(p, (double) dropped / xs.length, 0.006, "share of dropped elements");
    }

    @Test
    void theSameSeedGivesTheSameMask() {
        Dropout dropout = new Dropout();
        Tensor x = Tensor.ones(64, 64);
        Generator.manualSeed(123);
        float[] first = dropout.forward(x).toFloatArray();
        float[] next = dropout.forward(x).toFloatArray();
        Generator.manualSeed(123);
        assertArrayEquals(first, dropout.forward(x).toFloatArray(), "reseeding repeats the mask");
        assertFalse(Arrays.equals(first, next), "consecutive calls draw new masks");
    }

    @Test
    void evaluationAndPZeroAreTheIdentityAndPOneDropsEverything() {
        Tensor x = Tensor.randn(3, 4, 5, 6);
        assertSame(x, new Dropout(0.5).eval().forward(x));
        assertSame(x, new Dropout2d(0.5).eval().forward(x));
        assertSame(x, new Dropout(0).forward(x), "p = 0 in training");

        Tensor leaf = Tensor.randn(3, 4).requiresGrad(true);
        Tensor out = new Dropout(1).forward(leaf);
        assertArrayEquals(new float[12], out.toFloatArray(), 0f); // ±0: x·0 keeps the sign
        out.sum().backward();
        assertArrayEquals(new float[12], leaf.grad().toFloatArray(), 0f);
    }

    /**
     * 64 × 64 = 4,096 channels, p = 0.5: the dropped share has standard error 0.0078, the tolerance
     * of 0.04 is 5 of them. Within a channel all elements share one fate.
     */
    @Test
    void dropout2dDropsWholeChannels() {
        double p = 0.5;
        int n = 64, c = 64, plane = 3 * 5;
        Tensor x = Tensor.ones(n, c, 3, 5).requiresGrad(true);
        Tensor out = new Dropout2d(p).forward(x);
        out.sum().backward();
        float[] os = out.toFloatArray(), gs = x.grad().toFloatArray();
        int dropped = 0;
        for (int ch = 0; ch < n * c; ch++) {
            float first = os[ch * plane];
            assertTrue(first == 0 || first == (float) (1 / (1 - p)), "an element is dropped or scaled: " + first);
            for (int i = ch * plane; i < (ch + 1) * plane; i++) {
                assertEquals(first, os[i], "channel " + ch + " shares one mask value");
                assertEquals(first, gs[i], "the gradient sees the same mask");
            }
            dropped += first == 0 ? 1 : 0;
        }
        assertEquals(p, (double) dropped / (n * c), 0.04, "share of dropped channels");
    }

    @Test
    void probabilitiesOutsideZeroToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
    }
}
