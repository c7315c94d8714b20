package dev.claritas.kernels.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.spi.UpsampleMode;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pooling and upsampling on the OpenCL device against the CPU backend, forward and backward, over
 * many geometries: odd sizes, strides, padding, ceil mode, count_include_pad, 3-D, ties, NaN and
 * -inf in max pooling, align_corners, scaling up and down, float32 and float64, inputs that start
 * at a non-zero offset of their storage. Max pooling and its gradient select and scatter values,
 * so they must match exactly; averages and interpolations within 1e-5 (float32) or 1e-12
 * (float64) of the largest CPU magnitude.
 */
class GpuPoolingTest {
    private static final Device GPU = Device.parse("opencl:0");

    @BeforeAll
    static void needsTheDevice() {
        assumeTrue(Backends.devices().contains(GPU), "no OpenCL device: the GPU kernels cannot be compared with the CPU");
    }

    /** 2-D pooling geometries: N, C, H, W, kH, kW, sH, sW, pH, pW, ceil (0/1). */
    private static final int[][] POOL2D = {
        {2, 3, 8, 8, 2, 2, 2, 2, 0, 0, 0},     // the CPU's 2x2 fast path
        {1, 2, 7, 9, 2, 2, 2, 2, 0, 0, 0},     // fast path on odd sizes (last row/column dropped)
        {1, 2, 7, 9, 2, 2, 2, 2, 0, 0, 1},     // ceil mode keeps a partial window
        {2, 2, 10, 11, 3, 3, 2, 2, 1, 1, 0},
        {2, 2, 10, 11, 3, 3, 2, 2, 1, 1, 1},
        {1, 3, 5, 6, 3, 2, 1, 1, 1, 1, 0},
        {1, 1, 13, 8, 5, 5, 3, 3, 2, 2, 1},
        {2, 1, 6, 5, 4, 3, 1, 2, 2, 1, 1},
        {1, 2, 4, 5, 1, 1, 1, 1, 0, 0, 0},
        {1, 1, 7, 7, 7, 7, 1, 1, 0, 0, 0},     // one window over the whole plane
        {3, 2, 9, 4, 2, 3, 3, 1, 1, 0, 1},
    };

    /** 3-D pooling geometries: N, C, D, H, W, kernel (3), stride (3), padding (3), ceil. */
    private static final int[][] POOL3D = {
        {1, 2, 4, 6, 5, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0},
        {2, 1, 5, 7, 6, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1},
        {1, 2, 3, 5, 4, 1, 3, 2, 1, 2, 2, 0, 1, 1, 0},
        {1, 1, 6, 3, 5, 3, 2, 4, 2, 1, 3, 1, 0, 2, 1},
    };

    @Test
    void maxPool2dMatchesTheCpuExactlyWithTiesNanAndInfinity() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] g : POOL2D) {
                int[] shape = {g[0], g[1], g[2], g[3]};
                int[] k = {g[4], g[5]}, s = {g[6], g[7]}, p = {g[8], g[9]};
                boolean ceil = g[10] == 1;
                String what = "max_pool2d " + describe(g) + " " + dtype;
                for (Inputs kind : Inputs.values()) {
                    compareWithGradient(what + " " + kind, input(shape, dtype, kind, g[2] * 31 + g[3]),
                            x -> Ops.maxPool2d(x, k, s, p, ceil), true);
                }
            }
        }
    }

    /** Without a gradient to take the GPU kernel writes its indices to scratch memory: the maxima are unchanged. */
    @Test
    void maxPoolWithoutGradientMatchesTheCpu() {
        try (var noGrad = GradMode.disable()) {
            Tensor x = input(new int[] {2, 3, 9, 11}, DType.FLOAT32, Inputs.NAN_AND_INFINITY, 5);
            compare("max_pool2d without gradient", Ops.maxPool2d(x, new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 0}, true),
                    Ops.maxPool2d(x.to(GPU), new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 0}, true), true);
            Tensor v = input(new int[] {1, 2, 5, 6, 7}, DType.FLOAT32, Inputs.TIES, 6);
            compare("max_pool3d without gradient", Ops.maxPool3d(v, 2), Ops.maxPool3d(v.to(GPU), 2), true);
        }
    }

    @Test
    void avgPool2dMatchesTheCpu() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] g : POOL2D) {
                int[] shape = {g[0], g[1], g[2], g[3]};
                int[] k = {g[4], g[5]}, s = {g[6], g[7]}, p = {g[8], g[9]};
                boolean ceil = g[10] == 1;
                for (boolean countIncludePad : new boolean[] {true, false}) {
                    compareWithGradient("avg_pool2d " + describe(g) + " countIncludePad " + countIncludePad + " " + dtype,
                            input(shape, dtype, Inputs.UNIFORM, g[2] * 17 + g[3]),
                            x -> Ops.avgPool2d(x, k, s, p, ceil, countIncludePad), false);
                }
            }
        }
    }

    @Test
    void pool3dMatchesTheCpu() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] g : POOL3D) {
                int[] shape = {g[0], g[1], g[2], g[3], g[4]};
                int[] k = {g[5], g[6], g[7]}, s = {g[8], g[9], g[10]}, p = {g[11], g[12], g[13]};
                boolean ceil = g[14] == 1;
                String what = describe(g) + " " + dtype;
                compareWithGradient("max_pool3d " + what, input(shape, dtype, Inputs.TIES, g[3] * 13 + g[4]),
                        x -> Ops.maxPool3d(x, k, s, p, ceil), true);
                for (boolean countIncludePad : new boolean[] {true, false}) {
                    compareWithGradient("avg_pool3d " + what + " countIncludePad " + countIncludePad,
                            input(shape, dtype, Inputs.UNIFORM, g[2] * 7 + g[4]),
                            x -> Ops.avgPool3d(x, k, s, p, ceil, countIncludePad), false);
                }
            }
        }
    }

    /** Input and output sizes (H, W, Ho, Wo): up, down, odd ratios, one row or column on either side. */
    private static final int[][] RESIZES = {
        {4, 5, 8, 10}, {5, 7, 13, 4}, {8, 8, 3, 5}, {3, 3, 1, 1}, {1, 1, 5, 4}, {1, 6, 3, 1}, {7, 3, 21, 9},
        {9, 10, 9, 10}, {6, 11, 4, 17},
    };

    @Test
    void interpolateMatchesTheCpu() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] r : RESIZES) {
                int[] shape = {2, 3, r[0], r[1]};
                String size = r[0] + "x" + r[1] + " -> " + r[2] + "x" + r[3] + " " + dtype;
                compareWithGradient("nearest " + size, input(shape, dtype, Inputs.UNIFORM, r[0] * 11 + r[3]),
                        x -> Ops.interpolate(x, r[2], r[3], UpsampleMode.NEAREST, false), false);
                for (boolean align : new boolean[] {false, true}) {
                    compareWithGradient("bilinear alignCorners " + align + " " + size,
                            input(shape, dtype, Inputs.UNIFORM, r[1] * 5 + r[2]),
                            x -> Ops.interpolate(x, r[2], r[3], UpsampleMode.BILINEAR, align), false);
                }
            }
        }
    }

    /** What the input holds: uniform values, or few distinct values (ties), or some NaN and -inf. */
    private enum Inputs { UNIFORM, TIES, NAN_AND_INFINITY }

    /**
     * A CPU tensor of {@code shape} whose first batch entry is dropped by a narrow view, so that on
     * either device the op reads a contiguous view starting at a non-zero offset.
     */
    private static Tensor input(int[] shape, DType dtype, Inputs kind, long seed) {
        int[] padded = shape.clone();
        padded[0]++;
        int n = 1;
        for (int d : padded) {
            n *= d;
        }
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (kind) {
                case UNIFORM -> 2 * random.nextDouble() - 1;
                case TIES -> random.nextInt(3) - 1;
                case NAN_AND_INFINITY -> {
                    int c = random.nextInt(10);
                    yield c == 0 ? Double.NaN : c == 1 ? Double.NEGATIVE_INFINITY : random.nextInt(3) - 1;
                }
            };
        }
        return Tensor.of(v, padded).to(dtype);
    }

    /**
     * Runs {@code op} on the CPU and on the GPU (on the narrowed input) and back-propagates the same
     * random projection of the output; compares outputs and input gradients.
     */
    private static void compareWithGradient(String what, Tensor base, UnaryOperator<Tensor> op, boolean exact) {
        Tensor cpuBase = base.detach().requiresGrad(true);
        Tensor gpuBase = base.to(GPU).requiresGrad(true);
        int batch = base.size(0) - 1;
        Tensor cpuOut = op.apply(cpuBase.narrow(0, 1, batch));
        Tensor gpuOut = op.apply(gpuBase.narrow(0, 1, batch));
        assertEquals(cpuOut.shape(), gpuOut.shape(), what + ": output shape");
        compare(what + " output", cpuOut, gpuOut, exact);

        Random random = new Random(what.hashCode());
        double[] proj = new double[cpuOut.numel()];
        for (int i = 0; i < proj.length; i++) {
            proj[i] = 2 * random.nextDouble() - 1;
        }
        Tensor projection = Tensor.of(proj, cpuOut.shape().toArray()).to(base.dtype());
        cpuOut.mul(projection).sum().backward();
        gpuOut.mul(projection.to(GPU)).sum().backward();
        compare(what + " gradient", cpuBase.grad(), gpuBase.grad(), exact);
    }

    /** Equal NaN and infinities; finite values exactly or within the dtype's tolerance of the largest CPU magnitude. */
    private static void compare(String what, Tensor cpu, Tensor gpu, boolean exact) {
        double[] e = cpu.toDoubleArray();
        double[] a = gpu.to(Device.CPU).toDoubleArray();
        assertEquals(e.length, a.length, what + ": element count");
        double scale = 0;
        for (double v : e) {
            if (Double.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double tolerance = exact ? 0 : (cpu.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12) * scale;
        for (int i = 0; i < e.length; i++) {
            boolean same = Double.isNaN(e[i]) ? Double.isNaN(a[i])
                    : Double.isInfinite(e[i]) ? e[i] == a[i] : Math.abs(e[i] - a[i]) <= tolerance;
            int at = i;
            assertTrue(same, () -> what + ": element " + at + " is " + a[at] + ", the CPU gives " + e[at]);
        }
    }

    private static String describe(int[] geometry) {
        return java.util.Arrays.toString(geometry);
    }
}
