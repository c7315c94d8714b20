package dev.claritas.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.nn.init.Init;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Initialisation follows torch.nn.init: the right distribution with the right scale for the fan-in. */
class InitTest {

    @BeforeEach
    void seed() {
        // Fixed draws, so a failure reproduces; the bounds below hold for any seed all the same.
        Generator.manualSeed(20261121);
    }

    /**
     * PyTorch's Conv2d draws weights from kaiming_uniform(a = √5), whose bound gain(√5)·√(3/fan_in)
     * simplifies to 1/√fan_in, and the bias from U(±1/√fan_in).
     */
    @Test
    void conv2dDefaultInitIsUniformWithinOneOverSqrtFanIn() {
        Conv2d conv = new Conv2d(16, 32, 3);
        double bound = 1 / Math.sqrt(16 * 3 * 3);
        // 4,608 weights: the largest falls short of 0.99·bound with probability 0.99^4608 ≈ 1e-20,
        // so this also rules out a range narrower than PyTorch's.
        assertWithinAndReaching(conv.weight().value(), bound, 0.99, "weight");
        // 32 biases: all below half the bound with probability 0.5^32 ≈ 2e-10.
        assertWithinAndReaching(conv.bias().value(), bound, 0.5, "bias");
    }

    @Test
    void groupedConv2dTakesItsFanInFromTheChannelsOfOneGroup() {
        Conv2d conv = new Conv2d(8, 8, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 4, true);
        // 8 input channels in 4 groups: each output sees 2 channels × 3×3 = 18 inputs, not 72.
        double bound = 1 / Math.sqrt(18);
        assertEquals(18, Init.fanIn(conv.weight().value()));
        // 144 weights: all below 0.9·bound (= the 72-input bound × 1.8) with probability 0.9^144 ≈ 3e-7.
        assertWithinAndReaching(conv.weight().value(), bound, 0.9, "weight");
        assertWithinAndReaching(conv.bias().value(), bound, 0.3, "bias");
    }

    private static void assertWithinAndReaching(Tensor t, double bound, double reach, String what) {
        double largest = Arrays.stream(t.toDoubleArray()).map(Math::abs).max().orElseThrow();
        assertTrue(largest <= bound, what + ": |value| " + largest + " exceeds the bound " + bound);
        assertTrue(largest >= reach * bound, what + ": largest |value| " + largest + " is far inside the bound " + bound);
    }

    /**
     * kaiming_normal(a = 0) draws N(0, 2/fan_in). On 294,912 draws the sample standard deviation has
     * a relative standard error of 1/√(2n) ≈ 0.13% and the sample mean a standard error of
     * std/√n ≈ 0.18% of std, so 1% tolerances sit 7.7 and 5.4 standard errors out: a correct
     * implementation fails them with probability below 1e-7, while a wrong fan (fan_out here is
     * 2× fan_in, a 29% error in std) or a missing gain (√2, 41%) fails by far.
     */
    @Test
    void kaimingNormalHasStandardDeviationSqrtTwoOverFanIn() {
        Tensor w = Tensor.zeros(256, 128, 3, 3);
        assertSame(w, Init.kaimingNormal(w, 0), "fills the given tensor in place");
        double expectedStd = Math.sqrt(2.0 / (128 * 3 * 3));

        double[] v = w.toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double variance = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
        double std = Math.sqrt(variance);
        assertEquals(expectedStd, std, 0.01 * expectedStd, "standard deviation");
        assertEquals(0, mean, 0.01 * expectedStd, "mean");
    }
}
