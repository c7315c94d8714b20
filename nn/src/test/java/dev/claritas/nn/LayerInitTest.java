package dev.claritas.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The layers' default initialisation is PyTorch's: Kaiming-uniform with a = √5, whose bound
 * gain(√5)·√(3/fan_in) is 1/√fan_in, for weights, U(±1/√fan_in) for biases, with fan_in taken from
 * the weight's dimensions as torch does; PReLU slopes start at a constant.
 */
class LayerInitTest {

    @BeforeEach
    void seed() {
        // Fixed draws, so a failure reproduces; the bounds below hold for any seed all the same.
        Generator.manualSeed(20261122);
    }

    @Test
    void linearIsUniformWithinOneOverSqrtInFeatures() {
        Linear linear = new Linear(64, 48);
        double bound = 1 / Math.sqrt(64);
        // 3,072 weights: all inside 0.99·bound with probability 0.99^3072 ≈ 4e-14
        assertUniformWithin(linear.weight().value(), bound, 0.99, "weight");
        // 48 biases: all inside half the bound with probability 0.5^48 ≈ 4e-15
        assertUniformWithin(linear.bias().value(), bound, 0.5, "bias");
    }

    /**
     * torch takes a transposed convolution's fan-in from its weight [in, out/groups, kH, kW] as
     * size(1)·kH·kW, i.e. from the output channels. 32 inputs and 4 outputs make the difference
     * plain: fan_in = 4·9 = 36, bound 1/6, against 1/√288 ≈ 0.059 from the input channels.
     */
    @Test
    void convTranspose2dTakesItsFanInFromTheOutputChannelsOfOneGroup() {
        ConvTranspose2d up = new ConvTranspose2d(32, 4, 3, 2);
        assertEquals(List.of(32, 4, 3, 3), Arrays.stream(up.weight().value().shape().toArray()).boxed().toList());
        double bound = 1 / Math.sqrt(4 * 3 * 3);
        // 1,152 weights: all inside 0.98·bound with probability 0.98^1152 ≈ 8e-11
        assertUniformWithin(up.weight().value(), bound, 0.98, "weight");
        assertWithin(up.bias().value(), bound, "bias");

        // groups: weight [8, 6/2, 3, 3], fan_in = 3·9 = 27
        ConvTranspose2d grouped = new ConvTranspose2d(8, 6, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0},
                new int[] {0, 0}, 2, true, new int[] {1, 1});
        assertUniformWithin(grouped.weight().value(), 1 / Math.sqrt(27), 0.97, "grouped weight"); // 0.97^216 ≈ 1e-3
        assertWithin(grouped.bias().value(), 1 / Math.sqrt(27), "grouped bias");
    }

    @Test
    void conv1dTakesItsFanInFromTheInputChannelsOfOneGroupTimesTheKernel() {
        Conv1d conv = new Conv1d(16, 32, 5, 1, 2, 1, 2, true);
        double bound = 1 / Math.sqrt(8 * 5);
        assertUniformWithin(conv.weight().value(), bound, 0.99, "weight"); // 1,280 weights: 0.99^1280 ≈ 3e-6
        assertWithin(conv.bias().value(), bound, "bias");
    }

    /** The 3-D layers share the 2-D ones' rule; fan_in now multiplies three kernel sizes. */
    @Test
    void volumetricConvolutionsTakeTheirFanInFromTheWeightsDimensions() {
        Conv3d conv = new Conv3d(8, 16, 3);
        assertEquals(List.of(16, 8, 3, 3, 3), Arrays.stream(conv.weight().value().shape().toArray()).boxed().toList());
        double bound = 1 / Math.sqrt(8 * 27);
        assertUniformWithin(conv.weight().value(), bound, 0.99, "Conv3d weight"); // 3,456 weights: 0.99^3456 ≈ 8e-16
        assertWithin(conv.bias().value(), bound, "Conv3d bias");

        // weight [16, 4, 2, 2, 2]: fan_in = 4·8 = 32, from the output channels
        ConvTranspose3d up = new ConvTranspose3d(16, 4, 2, 2);
        assertEquals(List.of(16, 4, 2, 2, 2), Arrays.stream(up.weight().value().shape().toArray()).boxed().toList());
        assertUniformWithin(up.weight().value(), 1 / Math.sqrt(32), 0.97, "ConvTranspose3d weight"); // 0.97^512 ≈ 2e-7
        assertWithin(up.bias().value(), 1 / Math.sqrt(32), "ConvTranspose3d bias");
    }

    @Test
    void preluSlopesStartAtTheirInitialValue() {
        assertArrayEqualsTo(new PReLU().weight().value(), 0.25, 1);
        assertArrayEqualsTo(new PReLU(6).weight().value(), 0.25, 6);
        assertArrayEqualsTo(new PReLU(3, 0.1).weight().value(), 0.1, 3);
    }

    private static void assertArrayEqualsTo(Tensor t, double value, int count) {
        assertEquals(count, t.numel());
        Arrays.stream(t.toDoubleArray()).forEach(v -> assertEquals((float) value, (float) v));
    }

    private static void assertWithin(Tensor t, double bound, String what) {
        double largest = Arrays.stream(t.toDoubleArray()).map(Math::abs).max().orElseThrow();
        assertTrue(largest <= bound, what + ": |value| " + largest + " exceeds the bound " + bound);
    }

    /**
     * Within ±bound, reaching at least {@code reach}·bound (a narrower range is wrong too), and for
     * more than 1,000 values also with U(−b, b)'s variance b²/3: its relative standard error is
     * √(0.8/n) ≤ 2.8%, so 15% is over 5 standard errors, while N(0, (b/3)²) would be off by 67%.
     */
    private static void assertUniformWithin(Tensor t, double bound, double reach, String what) {
        assertWithin(t, bound, what);
        double[] v = t.toDoubleArray();
        double largest = Arrays.stream(v).map(Math::abs).max().orElseThrow();
        assertTrue(largest >= reach * bound, what + ": largest |value| " + largest + " is far inside the bound " + bound);
        if (v.length > 1000) {
            double variance = Arrays.stream(v).map(x -> x * x).sum() / v.length;
            assertEquals(bound * bound / 3, variance, 0.15 * bound * bound / 3, what + ": variance of U(±bound)");
        }
    }
}
