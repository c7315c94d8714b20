package dev.claritas.tensor;

import dev.claritas.tensor.spi.Pool3dParams;
import dev.claritas.tensor.spi.PoolParams;
import dev.claritas.tensor.spi.SpatialPoolParams;
import dev.claritas.tensor.spi.UpsampleMode;
import dev.claritas.tensor.spi.View;
import java.util.Arrays;

/**
 * Pooling over the spatial dimensions of [N, C, H, W] or [N, C, D, H, W] tensors (the rank of the
 * parameters), and resampling of [N, C, H, W].
 */
final class PoolOps {
    private PoolOps() {}

    private static int[] pooledShape(String op, Tensor x, SpatialPoolParams p) {
        int rank = p.spatialRank() + 2;
        if (x.rank() != rank) {
            throw new ShapeMismatchException(op + ": expects a " + rank + "-D input "
                    + (rank == 5 ? "[N, C, D, H, W]" : "[N, C, H, W]") + ", got " + x.describe());
        }
        int[] shape = x.dims().clone();
        for (int a = 0; a < p.spatialRank(); a++) {
            shape[a + 2] = p.outSize(a, x.size(a + 2));
            if (shape[a + 2] <= 0) {
                throw new ShapeMismatchException(op + ": input " + x.describe() + " is too small for " + p);
            }
        }
        return shape;
    }

    static Tensor maxPool(Tensor x, SpatialPoolParams p) {
        String op = "max_pool" + p.spatialRank() + "d";
        int[] outShape = pooledShape(op, x, p);
        Tensor xc = x.contiguous();
        Tensor out = Tensor.uninitialized(outShape, x.dtype(), x.device());
        // the maxima's positions serve only the gradient: without one they are not written
        boolean recording = GradFn.records(x);
        Tensor indices = recording ? Tensor.uninitialized(outShape, DType.INT64, x.device()) : null;
        View indexView = recording ? indices.view() : null;
        switch (p) {
            case PoolParams p2 -> x.backend().maxPool2d(xc.view(), out.view(), indexView, p2);
            case Pool3dParams p3 -> x.backend().maxPool3d(xc.view(), out.view(), indexView, p3);
        }
        if (!recording) {
            return out;
        }
        int[] inputShape = x.dims();
        int planes = inputShape[0] * inputShape[1];
        int positions = Arrays.stream(inputShape, 2, inputShape.length).reduce(1, (a, b) -> a * b);
        return GradFn.record(op, out, new Tensor[] {x}, (g, needs) -> {
            // the indices are flat within each (n, c) plane or volume: scatter along that one axis
            Tensor flat = Tensor.zeros(new int[] {planes, positions}, g.dtype(), g.device());
            Tensor gi = Ops.scatterAdd(flat, 1, indices.reshape(planes, -1), g.reshape(planes, -1));
            return new Tensor[] {gi.reshape(inputShape)};
        });
    }

    static Tensor avgPool(Tensor x, SpatialPoolParams p) {
        String op = "avg_pool" + p.spatialRank() + "d";
        int[] outShape = pooledShape(op, x, p);
        boolean channelsLast = p instanceof PoolParams p2 && ChannelsLast.suggested(x)
                && x.backend().avgPoolsChannelsLast(x.dtype(), x.dims(), p2);
        Tensor out = Tensor.uninitialized(outShape, x.dtype(), x.device(), channelsLast);
        View xv = ChannelsLast.contiguous(x, channelsLast).view();
        switch (p) {
            case PoolParams p2 -> x.backend().avgPool2d(xv, out.view(), p2);
            case Pool3dParams p3 -> x.backend().avgPool3d(xv, out.view(), p3);
        }
        int[] inputShape = x.dims();
        return GradFn.record(op, out, new Tensor[] {x}, (g, needs) -> {
            // the channels-last kernel writes every element, zeros outside the windows included
            Tensor gi = channelsLast ? Tensor.uninitialized(inputShape, g.dtype(), g.device(), true)
                    : Tensor.empty(inputShape, g.dtype(), g.device());
            View gv = ChannelsLast.contiguous(g, channelsLast).view();
            switch (p) {
                case PoolParams p2 -> g.backend().avgPool2dBackward(gv, gi.view(), p2);
                case Pool3dParams p3 -> g.backend().avgPool3dBackward(gv, gi.view(), p3);
            }
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
        Tensor out = Tensor.uninitialized(new int[] {x.size(0), x.size(1), outH, outW}, x.dtype(), x.device());
        x.backend().upsample2d(mode, alignCorners, x.contiguous().view(), out.view());
        int[] inputShape = x.dims();
        return GradFn.record("upsample_" + mode.name().toLowerCase(), out, new Tensor[] {x}, (g, needs) -> {
            Tensor gi = Tensor.empty(inputShape, g.dtype(), g.device());
            g.backend().upsample2dBackward(mode, alignCorners, g.contiguous().view(), gi.view());
            return new Tensor[] {gi};
        });
    }
}
