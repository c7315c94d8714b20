package dev.claritas.kernels.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random draws on the OpenCL device are the CPU backend's, bit for bit: the same counter-based
 * hash of (seed, offset + i) for seeds and offsets of every sign and size (offsets near the end of
 * the 64-bit counter space wrap as Java's longs do), odd lengths, float32 and float64. Uniform and
 * Bernoulli draws use integer and exactly rounded arithmetic only, so they must be identical.
 * Normal draws also go through the device's log and cos, which need not round as Java's do: float64
 * values may differ in the last bits (at most {@link #NORMAL_ULPS} ulps); float32 values, rounded
 * from them, are identical unless a difference straddles a float32 rounding boundary (none did in
 * 4 million draws on PoCL, and these seeds and offsets are fixed).
 */
class GpuRandomTest {
    private static final Device GPU = Device.parse("opencl:0");
    private static final long[] SEEDS = {0, 7, -1, Long.MIN_VALUE, 0x123456789ABCDEFL};
    private static final long[] OFFSETS = {0, 1, 12_345, 1L << 40, Long.MAX_VALUE - 500, -300};
    private static final int[] LENGTHS = {1, 257, 1000};
    /**
     * The float64 normal draws' allowance, in ulps of the draw, for the device's log and cos. PoCL's
     * differ from Java's in about 6% of 4 million draws, by at most 3 ulps.
     */
    private static final double NORMAL_ULPS = 4;

    @BeforeAll
    static void needsTheDevice() {
        assumeTrue(Backends.devices().contains(GPU), "no OpenCL device: the GPU kernels cannot be compared with the CPU");
    }

    private interface Draw {
        Tensor on(Device device, DType dtype, int n, Generator gen);
    }

    @Test
    void uniformIsTheCpusBitForBit() {
        compareExactly("uniform(-2, 3)", (d, t, n, g) -> Ops.uniform(new int[] {n}, -2, 3, t, d, g));
        compareExactly("uniform(0, 1)", (d, t, n, g) -> Ops.uniform(new int[] {n}, 0, 1, t, d, g));
    }

    @Test
    void bernoulliIsTheCpusBitForBit() {
        compareExactly("bernoulli(0.3)", (d, t, n, g) -> Ops.bernoulli(new int[] {n}, 0.3, t, d, g));
        for (long offset : OFFSETS) {
            for (int n : LENGTHS) {
                assertArrayEquals(draw((d, t, m, g) -> Ops.bernoulli(new int[] {m}, 0.3, t, d, g), Device.CPU, DType.BOOL, n, 5, offset).toBooleanArray(),
                        draw((d, t, m, g) -> Ops.bernoulli(new int[] {m}, 0.3, t, d, g), GPU, DType.BOOL, n, 5, offset).to(Device.CPU).toBooleanArray(),
                        "bernoulli(0.3) as bool, offset " + offset + " n " + n);
            }
        }
    }

    @Test
    void normalIsTheCpusUpToTheDevicesLogAndCos() {
        Draw scaled = (d, t, n, g) -> Ops.normal(new int[] {n}, 0.5, 2, t, d, g);
        Draw standard = (d, t, n, g) -> Ops.normal(new int[] {n}, 0, 1, t, d, g);
        for (long seed : SEEDS) {
            for (long offset : OFFSETS) {
                for (int n : LENGTHS) {
                    String what = "seed " + seed + " offset " + offset + " n " + n;
                    assertArrayEquals(draw(scaled, Device.CPU, DType.FLOAT32, n, seed, offset).toFloatArray(),
                            draw(scaled, GPU, DType.FLOAT32, n, seed, offset).to(Device.CPU).toFloatArray(),
                            "normal(0.5, 2) float32 " + what);
                    // standard draws, so that the differences are counted in ulps of the draw itself
                    double[] cpu = draw(standard, Device.CPU, DType.FLOAT64, n, seed, offset).toDoubleArray();
                    double[] gpu = draw(standard, GPU, DType.FLOAT64, n, seed, offset).to(Device.CPU).toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        double ulps = Math.abs(cpu[i] - gpu[i]) / Math.ulp(cpu[i]);
                        int at = i;
                        assertTrue(ulps <= NORMAL_ULPS, () -> "normal(0, 1) float64 " + what + " element " + at + ": "
                                + gpu[at] + " on the GPU, " + cpu[at] + " on the CPU");
                    }
                }
            }
        }
    }

    private static void compareExactly(String name, Draw draw) {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long seed : SEEDS) {
                for (long offset : OFFSETS) {
                    for (int n : LENGTHS) {
                        assertArrayEquals(draw(draw, Device.CPU, dtype, n, seed, offset).toDoubleArray(),
                                draw(draw, GPU, dtype, n, seed, offset).to(Device.CPU).toDoubleArray(),
                                name + " " + dtype + " seed " + seed + " offset " + offset + " n " + n);
                    }
                }
            }
        }
    }

    /** n draws from a generator whose stream is at (seed, offset). */
    private static Tensor draw(Draw draw, Device device, DType dtype, int n, long seed, long offset) {
        Generator gen = new Generator(0);
        gen.setState(seed, offset);
        return draw.on(device, dtype, n, gen);
    }
}
