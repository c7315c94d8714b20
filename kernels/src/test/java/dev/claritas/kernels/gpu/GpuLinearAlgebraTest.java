package dev.claritas.kernels.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GPU matrix product and convolutions (forward, transposed, and both gradients through
 * backward) against the CPU backend on random inputs, over many shapes: sizes that are not
 * multiples of the 64 × 64 tiles, several tiles in each direction, split-K cases (few tiles, long
 * K), transposed operands, groups up to depthwise, strides, padding, dilation, output padding, 3-D,
 * and inputs that start at a non-zero offset of their storage.
 *
 * <p>Tolerance: max |gpu − cpu| ≤ 1e-5 · max |cpu| in float32 (different summation orders), 1e-12
 * in float64.
 */
class GpuLinearAlgebraTest {
    private static final Device GPU = Device.parse("opencl:0");

    @BeforeAll
    static void needsOpenCl() {
        Assumptions.assumeTrue(Backends.devices().contains(GPU), "no OpenCL device (install pocl-opencl-icd) to compare with the CPU");
    }

    // ---- matmul ---------------------------------------------------------------------------------

    /** batch, m, k, n, transX, transY. */
    private static final int[][] MATMULS = {
        {1, 1, 1, 1, 0, 0},
        {1, 5, 7, 3, 0, 0},
        {1, 64, 64, 64, 0, 0},
        {1, 65, 17, 63, 0, 0},
        {3, 70, 33, 129, 0, 0},
        {2, 37, 45, 29, 1, 0},
        {2, 37, 45, 29, 0, 1},
        {2, 37, 45, 29, 1, 1},
        {1, 130, 20, 66, 1, 1},
        {4, 9, 1000, 11, 0, 0},  // one tile, long k: split into slices
        {1, 3, 3000, 2, 1, 1},
        {5, 16, 600, 70, 1, 0},
    };

    @ParameterizedTest
    @EnumSource(names = {"FLOAT32", "FLOAT64"})
    void matmulMatchesCpu(DType dtype) {
        SplittableRandom random = new SplittableRandom(1);
        for (int[] c : MATMULS) {
            int batch = c[0], m = c[1], k = c[2], n = c[3];
            boolean transX = c[4] == 1, transY = c[5] == 1;
            Tensor x = random(random, dtype, transX ? new int[] {batch, k, m} : new int[] {batch, m, k});
            Tensor y = random(random, dtype, transY ? new int[] {batch, n, k} : new int[] {batch, k, n});
            Function<Device, Tensor> run = d -> {
                Tensor xd = onDevice(x, d), yd = onDevice(y, d);
                return (transX ? xd.transpose(1, 2) : xd).bmm(transY ? yd.transpose(1, 2) : yd);
            };
            assertClose(run.apply(Device.CPU), run.apply(GPU), dtype, "matmul " + Arrays.toString(c));
        }
    }

    // ---- 2-D convolution ------------------------------------------------------------------------

    /** n, c, o, h, w, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, groups. */
    private static final int[][] CONV2D = {
        {1, 3, 5, 7, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1},
        {2, 4, 6, 11, 8, 3, 3, 2, 2, 1, 1, 1, 1, 2},
        {2, 6, 6, 9, 10, 3, 3, 1, 1, 1, 1, 1, 1, 6},
        {3, 5, 7, 13, 12, 5, 5, 3, 3, 2, 2, 1, 1, 1},
        {2, 4, 8, 10, 9, 3, 3, 1, 2, 2, 1, 2, 2, 1},
        {1, 8, 16, 6, 6, 1, 1, 1, 1, 0, 0, 1, 1, 1},
        {2, 3, 4, 8, 7, 1, 1, 2, 2, 0, 0, 1, 1, 1},
        {1, 70, 130, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1},
        {4, 16, 8, 17, 15, 3, 3, 1, 1, 0, 0, 1, 1, 1},
        {1, 2, 3, 5, 5, 5, 5, 1, 1, 2, 2, 2, 2, 1},
        {8, 4, 4, 24, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1},   // long weight-gradient K: split into slices
        {1, 128, 32, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1},  // long forward K: split into slices
        {2, 6, 4, 9, 7, 3, 2, 3, 2, 2, 0, 1, 3, 2},
    };

    @ParameterizedTest
    @EnumSource(names = {"FLOAT32", "FLOAT64"})
    void conv2dAndGradientsMatchCpu(DType dtype) {
        SplittableRandom random = new SplittableRandom(2);
        for (int[] c : CONV2D) {
            Tensor x = random(random, dtype, c[0], c[1], c[3], c[4]);
            Tensor w = random(random, dtype, c[2], c[1] / c[13], c[5], c[6]);
            int[] stride = {c[7], c[8]}, padding = {c[9], c[10]}, dilation = {c[11], c[12]};
            compareWithGradients(dtype, "conv2d " + Arrays.toString(c), x, w,
                    (xd, wd) -> Ops.conv2d(xd, wd, null, stride, padding, dilation, c[13]), random);
        }
    }

    /** n, c, o, h, w, kh, kw, stride, pad, outputPadding, dilation, groups (one value for both axes). */
    private static final int[][] CONV_TRANSPOSE2D = {
        {1, 3, 5, 4, 5, 3, 3, 1, 1, 0, 1, 1},
        {2, 4, 6, 5, 4, 4, 4, 2, 1, 0, 1, 1},
        {2, 4, 6, 5, 4, 4, 4, 2, 1, 1, 1, 2},
        {1, 8, 3, 6, 7, 2, 2, 2, 0, 0, 1, 1},
        {2, 6, 6, 5, 6, 3, 3, 3, 1, 2, 1, 6},
        {1, 4, 5, 5, 5, 3, 3, 2, 2, 1, 2, 1},
        {2, 3, 4, 4, 6, 5, 5, 3, 2, 1, 2, 1},
        {1, 5, 7, 7, 6, 1, 1, 2, 0, 1, 1, 1},
        {2, 70, 66, 4, 3, 3, 3, 2, 1, 1, 1, 1},
        {1, 96, 16, 3, 3, 3, 3, 1, 1, 0, 1, 1},  // long K, few tiles: split into slices across phases
    };

    @ParameterizedTest
    @EnumSource(names = {"FLOAT32", "FLOAT64"})
    void convTranspose2dAndGradientsMatchCpu(DType dtype) {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] c : CONV_TRANSPOSE2D) {
            Tensor x = random(random, dtype, c[0], c[1], c[3], c[4]);
            Tensor w = random(random, dtype, c[1], c[2] / c[11], c[5], c[6]);
            int[] stride = {c[7], c[7]}, padding = {c[8], c[8]}, outputPadding = {c[9], c[9]}, dilation = {c[10], c[10]};
            compareWithGradients(dtype, "conv_transpose2d " + Arrays.toString(c), x, w,
                    (xd, wd) -> Ops.convTranspose2d(xd, wd, null, stride, padding, outputPadding, c[11], dilation), random);
        }
    }

    /**
     * Output padding at least the stride (allowed below the dilation) makes the output longer than
     * the convolution of its input would be, so the weight gradient must take its positions from
     * the gradient's shape. The CPU backend's weight gradient refuses this case (and the tensor
     * layer's input gradient comes out one row long), so the GPU's weight gradient is checked
     * against directional differences of the output instead: the loss is linear in the weight.
     */
    @ParameterizedTest
    @EnumSource(names = {"FLOAT64"})
    void convTransposeWeightGradientWithOutputPaddingBeyondStride(DType dtype) {
        SplittableRandom random = new SplittableRandom(6);
        Tensor x = random(random, dtype, 1, 4, 6, 5);
        Tensor w = random(random, dtype, 4, 3, 3, 3);
        int[] stride = {1, 2}, padding = {1, 0}, outputPadding = {1, 1}, dilation = {2, 3};
        BiFunction<Tensor, Tensor, Tensor> op = (xd, wd) -> Ops.convTranspose2d(xd, wd, null, stride, padding, outputPadding, 1, dilation);
        Tensor out = op.apply(x, w);
        Tensor projection = random(random, dtype, out.shape().toArray());
        Tensor wd = onDevice(w, GPU).requiresGrad(true);
        Tensor gpuOut = op.apply(onDevice(x, GPU), wd);
        assertClose(out, gpuOut, dtype, "output");
        gpuOut.mul(projection.to(GPU)).sum().backward();
        double[] gradient = wd.grad().to(Device.CPU).toDoubleArray();
        double loss = op.apply(x, w).mul(projection).sum().item();
        for (int probe = 0; probe < 3; probe++) {
            Tensor v = random(random, dtype, w.shape().toArray());
            double expected = op.apply(x, w.add(v)).mul(projection).sum().item() - loss;
            double[] direction = v.toDoubleArray();
            double actual = 0;
            for (int i = 0; i < direction.length; i++) {
                actual += gradient[i] * direction[i];
            }
            assertTrue(Math.abs(expected - actual) <= 1e-12 * Math.abs(expected),
                    "weight gradient along a random direction: " + actual + " vs " + expected);
        }
    }

    // ---- 3-D convolution ------------------------------------------------------------------------

    /** n, c, o, d, h, w, kernel (d, h, w), stride (d, h, w), pad (d, h, w), dilation (d, h, w), groups. */
    private static final int[][] CONV3D = {
        {1, 2, 3, 4, 5, 6, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        {2, 4, 6, 5, 6, 7, 3, 2, 3, 1, 2, 1, 1, 0, 1, 1, 1, 2, 2},
        {1, 3, 3, 6, 5, 5, 1, 3, 3, 2, 1, 3, 0, 2, 1, 1, 2, 1, 3},
    };

    @ParameterizedTest
    @EnumSource(names = {"FLOAT32", "FLOAT64"})
    void conv3dAndGradientsMatchCpu(DType dtype) {
        SplittableRandom random = new SplittableRandom(4);
        for (int[] c : CONV3D) {
            Tensor x = random(random, dtype, c[0], c[1], c[3], c[4], c[5]);
            Tensor w = random(random, dtype, c[2], c[1] / c[18], c[6], c[7], c[8]);
            int[] stride = {c[9], c[10], c[11]}, padding = {c[12], c[13], c[14]}, dilation = {c[15], c[16], c[17]};
            compareWithGradients(dtype, "conv3d " + Arrays.toString(c), x, w,
                    (xd, wd) -> Ops.conv3d(xd, wd, null, stride, padding, dilation, c[18]), random);
        }
    }

    /** n, c, o, d, h, w, kernel (d, h, w), stride (d, h, w), pad (d, h, w), outputPadding (d, h, w), dilation, groups. */
    private static final int[][] CONV_TRANSPOSE3D = {
        {1, 2, 3, 3, 4, 5, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1},
        {2, 4, 4, 3, 3, 4, 3, 3, 3, 2, 1, 3, 1, 1, 0, 1, 0, 2, 1, 2},
        {1, 3, 2, 2, 3, 3, 3, 2, 3, 1, 2, 2, 1, 0, 1, 0, 1, 1, 2, 1},
    };

    @ParameterizedTest
    @EnumSource(names = {"FLOAT32", "FLOAT64"})
    void convTranspose3dAndGradientsMatchCpu(DType dtype) {
        SplittableRandom random = new SplittableRandom(5);
        for (int[] c : CONV_TRANSPOSE3D) {
            Tensor x = random(random, dtype, c[0], c[1], c[3], c[4], c[5]);
            Tensor w = random(random, dtype, c[1], c[2] / c[19], c[6], c[7], c[8]);
            int[] stride = {c[9], c[10], c[11]}, padding = {c[12], c[13], c[14]}, outputPadding = {c[15], c[16], c[17]};
            int[] dilation = {c[18], c[18], c[18]};
            compareWithGradients(dtype, "conv_transpose3d " + Arrays.toString(c), x, w,
                    (xd, wd) -> Ops.convTranspose3d(xd, wd, null, stride, padding, outputPadding, c[19], dilation), random);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * Runs {@code op} on both devices, compares its output, then back-propagates the same random
     * projection of it on both and compares the gradients of both operands: the transposed (or
     * plain) convolution for the input and the weight-gradient kernel for the weight.
     */
    private static void compareWithGradients(DType dtype, String what, Tensor x, Tensor w,
                                             BiFunction<Tensor, Tensor, Tensor> op, SplittableRandom random) {
        long projectionSeed = random.nextLong();
        Tensor[] cpu = forwardBackward(Device.CPU, x, w, op, projectionSeed);
        Tensor[] gpu = forwardBackward(GPU, x, w, op, projectionSeed);
        assertClose(cpu[0], gpu[0], dtype, what + " output");
        assertClose(cpu[1], gpu[1], dtype, what + " input gradient");
        assertClose(cpu[2], gpu[2], dtype, what + " weight gradient");
    }

    /** {output, x.grad, w.grad} of sum(op(x, w) · projection) on {@code device}, the projection drawn from the seed. */
    private static Tensor[] forwardBackward(Device device, Tensor x, Tensor w, BiFunction<Tensor, Tensor, Tensor> op,
                                            long projectionSeed) {
        Tensor xd = onDevice(x, device).requiresGrad(true);
        Tensor wd = onDevice(w, device).requiresGrad(true);
        Tensor out = op.apply(xd, wd);
        Tensor projection = random(new SplittableRandom(projectionSeed), x.dtype(), out.shape().toArray());
        out.mul(projection.to(device)).sum().backward();
        return new Tensor[] {out, xd.grad(), wd.grad()};
    }

    /**
     * {@code t} on {@code device} as a contiguous view that starts 3 elements into its storage, so
     * that the kernels must honour view offsets.
     */
    private static Tensor onDevice(Tensor t, Device device) {
        int n = t.numel();
        Tensor padded = Ops.cat(List.of(Tensor.full(new int[] {3}, 7, t.dtype(), Device.CPU), t.reshape(n)), 0);
        return padded.to(device).narrow(0, 3, n).reshape(t.shape().toArray());
    }

    private static Tensor random(SplittableRandom random, DType dtype, int... shape) {
        double[] values = new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble(-1, 1);
        }
        return Tensor.of(values, shape).to(dtype);
    }

    private static void assertClose(Tensor expected, Tensor actual, DType dtype, String what) {
        assertArrayEquals(expected.shape().toArray(), actual.shape().toArray(), what + ": shape");
        double[] e = expected.to(Device.CPU).to(DType.FLOAT64).toDoubleArray();
        double[] a = actual.to(Device.CPU).to(DType.FLOAT64).toDoubleArray();
        double scale = 0, error = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            error = Math.max(error, Math.abs(e[i] - a[i]));
        }
        double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertTrue(scale > 0, what + ": the reference is all zeros, the comparison would prove nothing");
        assertTrue(error <= tolerance * scale, what + ": max |gpu - cpu| = " + error + " against max |cpu| = " + scale);
    }
}
