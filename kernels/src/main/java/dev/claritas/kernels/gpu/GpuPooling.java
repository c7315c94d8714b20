package dev.claritas.kernels.gpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.spi.Pool3dParams;
import dev.claritas.tensor.spi.PoolParams;
import dev.claritas.tensor.spi.SpatialPoolParams;
import dev.claritas.tensor.spi.UpsampleMode;
import dev.claritas.tensor.spi.View;

/**
 * Pooling ({@code pool.cl}) and upsampling ({@code resample.cl}) kernels. Both ranks of pooling run
 * the same kernels: 2-D pooling is 3-D pooling of depth 1 with a 1×1×1 window along it. The
 * gradients are gathers over the outputs that read each input element, so they need no atomics and
 * add in the CPU backend's order.
 */
final class GpuPooling {
    private GpuPooling() {}

    static void maxPool(GpuRuntime r, View x, View out, View indices, SpatialPoolParams p) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        r.launch("pool", x.dtype(), "max_pool", Grid.linear(n),
                new KernelArgs().struct(geometry(x.shape(), out.shape(), p)).i(n).view(x).memory(out).memory(indices));
    }

    static void avgPool(GpuRuntime r, View x, View out, SpatialPoolParams p) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        r.launch("pool", x.dtype(), "avg_pool", Grid.linear(n), new KernelArgs().struct(geometry(x.shape(), out.shape(), p))
                .i(n).i(countIncludePad(p) ? 1 : 0).view(x).memory(out));
    }

    static void avgPoolBackward(GpuRuntime r, View gradOut, View gradIn, SpatialPoolParams p) {
        int n = gradIn.numel();
        if (n == 0) {
            return;
        }
        r.launch("pool", gradIn.dtype(), "avg_pool_backward", Grid.linear(n),
                new KernelArgs().struct(geometry(gradIn.shape(), gradOut.shape(), p)).i(n).i(countIncludePad(p) ? 1 : 0)
                        .view(gradOut).memory(gradIn));
    }

    static void upsample(GpuRuntime r, UpsampleMode mode, boolean alignCorners, View x, View out) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        resample(r, mode, alignCorners, false, x.shape(), out.shape(), x, out, n);
    }

    static void upsampleBackward(GpuRuntime r, UpsampleMode mode, boolean alignCorners, View gradOut, View gradIn) {
        int n = gradIn.numel();
        if (n == 0) {
            return;
        }
        resample(r, mode, alignCorners, true, gradIn.shape(), gradOut.shape(), gradOut, gradIn, n);
    }

    /**
     * Launches one resample kernel; {@code in} and {@code out} are the [N, C, H, W] shapes of the
     * forward input and output, {@code n} the number of threads (elements written).
     */
    private static void resample(GpuRuntime r, UpsampleMode mode, boolean alignCorners, boolean backward, int[] in,
                                 int[] out, View read, View written, int n) {
        int h = in[2], w = in[3], ho = out[2], wo = out[3];
        KernelArgs args = new KernelArgs().i(n).i(h).i(w).i(ho).i(wo);
        String kernel;
        if (mode == UpsampleMode.NEAREST) {
            kernel = "nearest";
            // float32 scales for every dtype, computed here in Java float as the CPU does
            args.scalar(DType.FLOAT32, (float) h / ho).scalar(DType.FLOAT32, (float) w / wo);
        } else {
            kernel = "bilinear";
            args.i(alignCorners ? 1 : 0);
            if (read.dtype() == DType.FLOAT32) {
                args.scalar(read.dtype(), floatScale(h, ho, alignCorners)).scalar(read.dtype(), floatScale(w, wo, alignCorners));
            } else {
                args.scalar(read.dtype(), doubleScale(h, ho, alignCorners)).scalar(read.dtype(), doubleScale(w, wo, alignCorners));
            }
        }
        args.view(read).memory(written);
        r.launch("resample", read.dtype(), backward ? kernel + "_backward" : kernel, Grid.linear(n), args);
    }

    /** PyTorch's bilinear source scale in float: (in-1)/(out-1) with align_corners (0 for one output), else in/out. */
    private static float floatScale(int in, int out, boolean alignCorners) {
        return alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : (float) in / out;
    }

    private static double doubleScale(int in, int out, boolean alignCorners) {
        return alignCorners ? (out > 1 ? (double) (in - 1) / (out - 1) : 0.0) : (double) in / out;
    }

    /**
     * The kernels' {@code PoolGeometry}: input sizes, output sizes, kernel, stride and padding as
     * (depth, height, width) triples of [N, C, (D,) H, W] shapes.
     */
    private static int[] geometry(int[] inShape, int[] outShape, SpatialPoolParams p) {
        int rank = p.spatialRank();
        int unit = 3 - rank;   // 2-D: a depth axis of one position and a window of one
        int[] g = new int[15];
        for (int a = 0; a < 3; a++) {
            boolean real = a >= unit;
            int axis = a - unit;
            g[a] = real ? inShape[2 + axis] : 1;
            g[3 + a] = real ? outShape[2 + axis] : 1;
            g[6 + a] = real ? p.kernel(axis) : 1;
            g[9 + a] = real ? p.stride(axis) : 1;
            g[12 + a] = real ? p.padding(axis) : 0;
        }
        return g;
    }

    private static boolean countIncludePad(SpatialPoolParams p) {
        return switch (p) {
            case PoolParams p2 -> p2.countIncludePad();
            case Pool3dParams p3 -> p3.countIncludePad();
        };
    }
}
