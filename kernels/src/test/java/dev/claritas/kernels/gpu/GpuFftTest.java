package dev.claritas.kernels.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GPU's centred orthonormal 2-D FFT against the CPU backend's, on the first OpenCL device:
 * sizes that exercise every kernel (radices 2, 3, 4, 5, 7, 8, generic primes up to and past 64, a
 * prime axis as one direct DFT, length 1), fastMRI's 368 and 372 widths, non-square images, batch
 * dimensions, both directions and dtypes, and a source view that starts past element 0.
 */
class GpuFftTest {
    private static final Device GPU = Device.parse("opencl:0");

    /** float32: max |gpu - cpu| relative to max |cpu|; float64 likewise. */
    private static final double FLOAT_TOLERANCE = 1e-5;
    private static final double DOUBLE_TOLERANCE = 1e-12;

    private static void assumeGpu() {
        assumeTrue(Backends.devices().contains(GPU), "no OpenCL device: nothing to compare with the CPU");
    }

    static Stream<Arguments> images() {
        int[][] hw = {
            {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}, {7, 7}, {8, 8}, {12, 12}, {16, 16}, {23, 23}, {31, 31},
            {97, 97}, {49, 25}, {9, 64}, {134, 6}, {320, 320}, {368, 368}, {372, 372}, {640, 640},
            {368, 320}, {15, 372}, {1, 12}, {10, 1},
        };
        return Stream.of(hw).flatMap(s -> Stream.of(DType.FLOAT32, DType.FLOAT64).flatMap(dtype ->
                Stream.of(false, true).map(inverse -> Arguments.of(s[0], s[1], dtype, inverse))));
    }

    @ParameterizedTest(name = "{0}x{1} {2} inverse={3}")
    @MethodSource("images")
    void matchesTheCpu(int h, int w, DType dtype, boolean inverse) {
        assumeGpu();
        compare(random(new int[] {h, w, 2}, dtype, 31L * h + w), inverse);
    }

    @Test
    void batchDimensions() {
        assumeGpu();
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            compare(random(new int[] {2, 3, 12, 7, 2}, dtype, 1), false);
            compare(random(new int[] {2, 3, 5, 8, 2}, dtype, 2), true);
            compare(random(new int[] {4, 368, 10, 2}, dtype, 3), false);
        }
    }

    /** A contiguous view that starts at image 1 of 3: the kernels must read from its offset. */
    @Test
    void sourceViewWithOffset() {
        assumeGpu();
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (boolean inverse : List.of(false, true)) {
                Tensor all = random(new int[] {3, 6, 5, 2}, dtype, 4);
                Tensor part = all.narrow(0, 1, 2);
                Tensor gpu = all.to(GPU).narrow(0, 1, 2);
                assertTrue(gpu.isContiguous(), "the narrowed view is passed as it is, with its offset");
                Tensor expected = inverse ? Ops.ifft2c(part) : Ops.fft2c(part);
                Tensor actual = inverse ? Ops.ifft2c(gpu) : Ops.fft2c(gpu);
                assertClose(expected, actual, dtype, "offset view, inverse=" + inverse);
            }
        }
    }

    @Test
    void roundTripRestoresTheInput() {
        assumeGpu();
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (int[] shape : new int[][] {{2, 368, 372, 2}, {97, 15, 2}, {134, 49, 2}}) {
                Tensor x = random(shape, dtype, shape[0]);
                Tensor back = Ops.ifft2c(Ops.fft2c(x.to(GPU)));
                assertClose(x, back, dtype, "ifft2c(fft2c(x)) " + java.util.Arrays.toString(shape));
            }
        }
    }

    /** The factorisations the kernels rely on: every radix divides n, and they multiply to n. */
    @Test
    void radicesFactorTheLength() {
        assertEquals(List.of(8, 2, 23), GpuFftPlan.radices(368));
        assertEquals(List.of(4, 3, 31), GpuFftPlan.radices(372));
        assertEquals(List.of(8, 8, 2, 5), GpuFftPlan.radices(640));
        assertEquals(List.of(97), GpuFftPlan.radices(97));
        assertEquals(List.of(), GpuFftPlan.radices(1));
        for (int n = 1; n <= 2000; n++) {
            assertEquals(n, GpuFftPlan.radices(n).stream().reduce(1, (a, b) -> a * b), "n = " + n);
        }
    }

    /** The twiddle table, built by octant symmetry, is exp(-2 pi i e / n) to within a few ulps. */
    @Test
    void twiddlesAreTheRootsOfUnity() {
        for (int n : new int[] {1, 2, 3, 7, 8, 23, 368, 372, 640, 1009}) {
            double[] roots = GpuFftTwiddles.roots(n);
            double[] expected = new double[2 * n];
            for (int e = 0; e < n; e++) {
                // the angle taken in (-pi, pi], where its own rounding error is smallest
                double angle = 2 * Math.PI * (2 * e > n ? e - n : e) / n;
                expected[2 * e] = Math.cos(angle);
                expected[2 * e + 1] = -Math.sin(angle);
            }
            assertArrayEquals(expected, roots, 1e-15, "n = " + n);
        }
        double[] eight = GpuFftTwiddles.roots(8);
        assertTrue(eight[2 * 2] == 0 && eight[2 * 2 + 1] == -1, "w^2 of 8 is exactly -i");
    }

    private static void compare(Tensor x, boolean inverse) {
        Tensor expected = inverse ? Ops.ifft2c(x) : Ops.fft2c(x);
        Tensor actual = inverse ? Ops.ifft2c(x.to(GPU)) : Ops.fft2c(x.to(GPU));
        assertClose(expected, actual, x.dtype(), (inverse ? "ifft2c " : "fft2c ") + x.shape());
    }

    private static void assertClose(Tensor expected, Tensor actual, DType dtype, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        assertEquals(dtype, actual.dtype(), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.to(Device.CPU).toDoubleArray();
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < e.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(e[i]));
            maxDiff = Math.max(maxDiff, Math.abs(e[i] - a[i]));
        }
        double tolerance = (dtype == DType.FLOAT32 ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE) * maxRef;
        assertTrue(maxDiff <= tolerance, what + " " + dtype + ": max |gpu - cpu| = " + maxDiff + " > " + tolerance);
    }

    /** Normal values with a non-zero mean, so that the zero-frequency bin stands out. */
    private static Tensor random(int[] shape, DType dtype, long seed) {
        Random rng = new Random(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = 0.5 + rng.nextGaussian();
        }
        return Tensor.of(data, shape).to(dtype);
    }
}
