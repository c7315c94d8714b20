package dev.claritas.tensor;

import dev.claritas.tensor.spi.PoolParams;
import dev.claritas.tensor.spi.UpsampleMode;

/** Pooling and resampling over the last two dimensions of [N, C, H, W] tensors. */
final class PoolOps {
    private PoolOps() {}

    private static int[] pooledShape(String op, Tensor x, PoolParams p) {
        if (x.rank() != 4) {
            throw new ShapeMismatchException(op + ": expects a 4-D input [N, C, H, W], got " + x.describe());
        }
        int ho = PoolParams.outSize(x.size(2), p.kernelH(), p.strideH(), p.padH(), p.ceilMode());
        int wo = PoolParams.outSize(x.size(3), p.kernelW(), p.strideW(), p.padW(), p.ceilMode());
        if (ho <= 0 || wo <= 0) {
            throw new ShapeMismatchException(op + ": input " + x.describe() + " is too small for " + p);
        }
        return new int[] {x.size(0), x.size(1), ho, wo};
    }

    static Tensor maxPool2d(Tensor x, PoolParams p) {
        int[] outShape = pooledShape("max_pool2d", x, p);
        Tensor xc = x.contiguous();
        Tensor out = Tensor.empty(outShape, x.dtype(), x.device());
        Tensor indices = Tensor.empty(outShape, DType.INT64, x.device());
        x.backend().maxPool2d(xc.view(), out.view(), indices.view(), p);
        int[] inputShape = x.dims();
        return GradFn.record("max_pool2d", out, new Tensor[] {x}, (g, needs) -> {
            int planes = inputShape[0] * inputShape[1];
            Tensor flat = Tensor.zeros(new int[] {planes, inputShape[2] * inputShape[3]}, g.dtype(), g.device());
            Tensor gi = Ops.scatterAdd(flat, 1, indices.reshape(planes, -1), g.reshape(planes, -1));
            return new Tensor[] {gi.reshape(inputShape)};
        });
    }

    static Tensor avgPool2d(Tensor x, PoolParams p) {
        int[] outShape = pooledShape("avg_pool2d", x, p);
        Tensor out = Tensor.empty(outShape, x.dtype(), x.device());
        x.backend().avgPool2d(x.contiguous().view(), out.view(), p);
        int[] inputShape = x.dims();
        return GradFn.record("avg_pool2d", out, new Tensor[] {x}, (g, needs) -> {
            Tensor gi = Tensor.empty(inputShape, g.dtype(), g.device());
            g.backend().avgPool2dBackward(g.contiguous().view(), gi.view(), p);
            return new Tensor[] {gi};
        });
    }

    static Tensor interpolate(Tensor x, int outH, int outW, UpsampleMode mode, boolean alignCorners) {
        if (x.rank() != 4) {
            throw new ShapeMismatchException("interpolate: expects a 4-D input [N, C, H, W], got " + x.describe());
        }
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("interpolate: output size must be positive, got " + outH + "x" + outW);
        }
        Tensor out = Tensor.empty(new int[] {x.size(0), x.size(1), outH, outW}, x.dtype(), x.device());
        x.backend().upsample2d(mode, alignCorners, x.contiguous().view(), out.view());
        int[] inputShape = x.dims();
        return GradFn.record("upsample_" + mode.name().toLowerCase(), out, new Tensor[] {x}, (g, needs) -> {
            Tensor gi = Tensor.empty(inputShape, g.dtype(), g.device());
            g.backend().upsample2dBackward(mode, alignCorners, g.contiguous().view(), gi.view());
            return new Tensor[] {gi};
        });
    }
}
