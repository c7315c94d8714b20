package dev.claritas.tensor;

import dev.claritas.tensor.spi.ReduceOp;
import java.util.Arrays;

/** Reductions over dimensions, softmax and log-softmax, with their backward rules. */
final class ReductionOps {
    private ReductionOps() {}

    /** Normalised, sorted, de-duplicated dims; an empty list means every dim (PyTorch's convention for sum). */
    static int[] normalizeDims(Tensor x, int[] dims) {
        if (dims.length == 0) {
            return x.allDims();
        }
        int[] d = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = Shape.normalizeDim(dims[i], Math.max(x.rank(), 1));
        }
        return Arrays.stream(d).distinct().sorted().filter(i -> i < x.rank()).toArray();
    }

    /** The shape after reducing {@code dims} with keepdim. */
    static int[] keptShape(int[] shape, int[] dims) {
        int[] kept = shape.clone();
        for (int d : dims) {
            kept[d] = 1;
        }
        return kept;
    }

    private static int[] droppedShape(int[] shape, int[] dims) {
        int[] out = new int[shape.length - dims.length];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (Arrays.binarySearch(dims, i) < 0) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** Reduces the sorted {@code dims} one at a time, last first; returns the keepdim-shaped result. */
    private static Tensor reduceKeep(ReduceOp op, Tensor x, int[] dims) {
        if (ChannelsLast.suggested(x)) {
            // reduce in memory order rather than copying to row-major first
            Tensor inMemoryOrder = reduceKeep(op, ChannelsLast.toMemoryOrder(x), ChannelsLast.dimsInMemoryOrder(dims));
            return ChannelsLast.fromMemoryOrder(inMemoryOrder);
        }
        Tensor cur = x.contiguous();
        for (int i = dims.length - 1; i >= 0; i--) {
            cur = reduceOne(op, cur, dims[i]);
        }
        return cur == x ? x.copy() : cur;
    }

    /** One kernel call: reduces one dim of a contiguous tensor, keeping it with size 1. */
    private static Tensor reduceOne(ReduceOp op, Tensor x, int dim) {
        int[] shape = x.dims();
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) {
            outer *= shape[i];
        }
        for (int i = dim + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int n = shape[dim];
        if (n == 0 && op != ReduceOp.SUM) {
            throw new IllegalArgumentException(op.name().toLowerCase() + ": cannot reduce an empty dimension " + dim + " of " + x.describe());
        }
        int[] outShape = shape.clone();
        outShape[dim] = 1;
        DType dtype = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? DType.INT64 : x.dtype();
        Tensor out = Tensor.empty(outShape, dtype, x.device());
        x.backend().reduce(op, x.view(), outer, n, inner, out.view());
        return out;
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        int[] d = normalizeDims(x, dims);
        int[] inputShape = x.dims();
        int[] kept = keptShape(inputShape, d);
        Tensor out;
        try (var noGrad = dev.claritas.autograd.GradMode.disable()) {
            out = reduceKeep(ReduceOp.SUM, x, d);
        }
        Tensor result = keepdim ? out : out.reshape(droppedShape(inputShape, d));
        return GradFn.record("sum", result, new Tensor[] {x},
                (g, needs) -> new Tensor[] {g.reshape(kept).expand(inputShape)});
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        int[] d = normalizeDims(x, dims);
        long count = 1;
        for (int i : d) {
            count *= x.dims()[i];
        }
        return sum(x, d, keepdim).div(count);
    }

    static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        int[] d = normalizeDims(x, dims);
        long count = 1;
        for (int i : d) {
            count *= x.dims()[i];
        }
        Tensor centred = x.sub(mean(x, d, true));
        return sum(centred.mul(centred), d, keepdim).div(Math.max(count - correction, 0));
    }

    static Tensor amax(Tensor x, int[] dims, boolean keepdim) {
        return extremum("amax", ReduceOp.MAX, x, dims, keepdim);
    }

    static Tensor amin(Tensor x, int[] dims, boolean keepdim) {
        return extremum("amin", ReduceOp.MIN, x, dims, keepdim);
    }

    /** amax/amin: the gradient is shared evenly among the elements equal to the extremum. */
    private static Tensor extremum(String name, ReduceOp op, Tensor x, int[] dims, boolean keepdim) {
        int[] d = normalizeDims(x, dims);
        int[] inputShape = x.dims();
        Tensor kept;
        try (var noGrad = dev.claritas.autograd.GradMode.disable()) {
            kept = reduceKeep(op, x, d);
        }
        Tensor result = keepdim ? kept.copy() : kept.reshape(droppedShape(inputShape, d));
        int[] keptShape = keptShape(inputShape, d);
        return GradFn.record(name, result, new Tensor[] {x}, new Tensor[] {x}, (g, needs) -> {
            Tensor mask = x.eq(kept).to(x.dtype());
            Tensor count = sum(mask, d, true);
            return new Tensor[] {mask.mul(g.reshape(keptShape)).div(count)};
        });
    }

    static Tensor.ValuesIndices maxWithIndices(Tensor x, int dim, boolean keepdim, boolean max) {
        int d = Shape.normalizeDim(dim, Math.max(x.rank(), 1));
        Tensor indices = argReduce(x, d, true, max);
        Tensor values = Ops.gather(x, d, indices);
        if (!keepdim && x.rank() > 0) {
            values = values.squeeze(d);
            indices = indices.squeeze(d);
        }
        return new Tensor.ValuesIndices(values, indices);
    }

    static Tensor argReduce(Tensor x, int dim, boolean keepdim, boolean max) {
        if (x.rank() == 0) {
            return Tensor.zeros(new int[0], DType.INT64, x.device());
        }
        int d = Shape.normalizeDim(dim, x.rank());
        Tensor out = reduceOne(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x.contiguous(), d);
        return keepdim ? out : out.squeeze(d);
    }

    static Tensor softmax(Tensor x, int dim) {
        Tensor shifted = x.sub(amax(x, new int[] {dim}, true).detach());
        Tensor e = shifted.exp();
        return e.div(sum(e, new int[] {dim}, true));
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        Tensor shifted = x.sub(amax(x, new int[] {dim}, true).detach());
        return shifted.sub(sum(shifted.exp(), new int[] {dim}, true).log());
    }
}
