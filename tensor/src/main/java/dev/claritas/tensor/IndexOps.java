package dev.claritas.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Gathering, scattering, joining and splitting, with their backward rules. */
final class IndexOps {
    private IndexOps() {}

    private static void checkIndex(String op, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be int64, got " + index.describe());
        }
    }

    static Tensor gather(Tensor src, int dim, Tensor index) {
        checkIndex("gather", index);
        int d = Shape.normalizeDim(dim, Math.max(src.rank(), 1));
        if (index.rank() != src.rank()) {
            throw new ShapeMismatchException("gather: index " + index.describe() + " must have the rank of input " + src.describe());
        }
        for (int i = 0; i < src.rank(); i++) {
            if (i != d && index.size(i) > src.size(i)) {
                throw new ShapeMismatchException("gather: index " + index.describe() + " is larger than input "
                        + src.describe() + " in dimension " + i);
            }
        }
        Tensor out = Tensor.empty(index.dims(), src.dtype(), src.device());
        src.backend().gather(src.view(), d, index.view(), out.view());
        int[] srcShape = src.dims();
        return GradFn.record("gather", out, new Tensor[] {src}, new Tensor[] {index}, (g, needs) -> new Tensor[] {
            scatterAdd(Tensor.zeros(srcShape, g.dtype(), g.device()), d, index, g)});
    }

    /** Out-of-place {@code scatter_add}: a copy of {@code input} with {@code src} added at {@code index} along {@code dim}. */
    static Tensor scatterAdd(Tensor input, int dim, Tensor index, Tensor src) {
        checkIndex("scatter_add", index);
        Ops.checkSameDtype("scatter_add", input, src);
        int d = Shape.normalizeDim(dim, Math.max(input.rank(), 1));
        if (index.rank() != input.rank() || src.rank() != input.rank()) {
            throw new ShapeMismatchException("scatter_add: input " + input.describe() + ", index " + index.describe()
                    + " and src " + src.describe() + " must have the same rank");
        }
        for (int i = 0; i < input.rank(); i++) {
            if (index.size(i) > src.size(i) || (i != d && index.size(i) > input.size(i))) {
                throw new ShapeMismatchException("scatter_add: index " + index.describe() + " is larger than src "
                        + src.describe() + " or input " + input.describe() + " in dimension " + i);
            }
        }
        Tensor out = input.contiguous().copy().detach();
        out.backend().scatterAdd(out.view(), d, index.view(), src.view());
        int[] srcShape = src.dims();
        return GradFn.record("scatter_add", out, new Tensor[] {input, src}, new Tensor[] {index}, (g, needs) -> new Tensor[] {
            needs[0] ? g : null,
            needs[1] ? zeroPadTo(gather(g, d, index), srcShape) : null});
    }

    /** Pads {@code t} with zeros after its end in every dimension up to {@code shape} (src may be larger than index). */
    private static Tensor zeroPadTo(Tensor t, int[] shape) {
        if (Arrays.equals(t.dims(), shape)) {
            return t;
        }
        int[] pad = new int[2 * shape.length];
        for (int i = 0; i < shape.length; i++) {
            pad[2 * i + 1] = shape[shape.length - 1 - i] - t.size(shape.length - 1 - i);
        }
        return pad(t, pad, PadMode.CONSTANT, 0);
    }

    static Tensor indexSelect(Tensor src, int dim, Tensor index) {
        checkIndex("index_select", index);
        if (index.rank() > 1) {
            throw new ShapeMismatchException("index_select: index must be 0-D or 1-D, got " + index.describe());
        }
        int d = Shape.normalizeDim(dim, Math.max(src.rank(), 1));
        int count = index.numel();
        int[] outShape = src.dims().clone();
        outShape[d] = count;
        int[] idxShape = new int[src.rank()];
        Arrays.fill(idxShape, 1);
        idxShape[d] = count;
        // gather with the index broadcast over every other dimension is exactly index_select
        return gather(src, d, index.reshape(idxShape).expand(outShape));
    }

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expects at least one tensor");
        }
        Tensor first = tensors.getFirst();
        int d = Shape.normalizeDim(dim, Math.max(first.rank(), 1));
        int[] outShape = first.dims().clone();
        int total = 0;
        for (Tensor t : tensors) {
            Ops.checkSameDtype("cat", first, t);
            Ops.checkSameDevice("cat", first, t);
            boolean compatible = t.rank() == first.rank();
            for (int i = 0; compatible && i < t.rank(); i++) {
                compatible = i == d || t.size(i) == first.size(i);
            }
            if (!compatible) {
                throw new ShapeMismatchException("cat: shapes " + Arrays.toString(first.dims()) + " and "
                        + Arrays.toString(t.dims()) + " differ outside dimension " + d);
            }
            total += t.size(d);
        }
        outShape[d] = total;
        // every element is copied in; channels-last inputs give a channels-last result, as in PyTorch
        boolean channelsLast = tensors.stream().allMatch(ChannelsLast::suggested);
        Tensor out = Tensor.uninitialized(outShape, first.dtype(), first.device(), channelsLast);
        int[] sizes = new int[tensors.size()];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            Tensor t = tensors.get(i);
            sizes[i] = t.size(d);
            out.backend().copy(t.view(), out.narrow(d, start, sizes[i]).view());
            start += sizes[i];
        }
        return GradFn.record("cat", out, tensors.toArray(Tensor[]::new), (g, needs) -> {
            Tensor[] grads = new Tensor[sizes.length];
            int s = 0;
            for (int i = 0; i < sizes.length; i++) {
                grads[i] = needs[i] ? g.narrow(d, s, sizes[i]) : null;
                s += sizes[i];
            }
            return grads;
        });
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expects at least one tensor");
        }
        int d = Shape.normalizeDim(dim, tensors.getFirst().rank() + 1);
        for (Tensor t : tensors) {
            if (!Arrays.equals(t.dims(), tensors.getFirst().dims())) {
                throw new ShapeMismatchException("stack: all tensors must have one shape, got "
                        + Arrays.toString(tensors.getFirst().dims()) + " and " + Arrays.toString(t.dims()));
            }
        }
        return cat(tensors.stream().map(t -> t.unsqueeze(d)).toList(), d);
    }

    static List<Tensor> split(Tensor x, int[] sections, int dim) {
        int d = Shape.normalizeDim(dim, x.rank());
        if (Arrays.stream(sections).sum() != x.size(d)) {
            throw new ShapeMismatchException("split: sections " + Arrays.toString(sections) + " do not add up to size "
                    + x.size(d) + " of dimension " + d + " of " + x.describe());
        }
        List<Tensor> parts = new ArrayList<>();
        int start = 0;
        for (int s : sections) {
            parts.add(x.narrow(d, start, s));
            start += s;
        }
        return parts;
    }

    static List<Tensor> split(Tensor x, int size, int dim) {
        if (size <= 0) {
            throw new IllegalArgumentException("split: split size must be positive, got " + size);
        }
        int d = Shape.normalizeDim(dim, x.rank());
        int n = x.size(d);
        int count = Math.max(1, (n + size - 1) / size);
        int[] sections = new int[count];
        for (int i = 0; i < count; i++) {
            sections[i] = Math.min(size, n - i * size);
        }
        return split(x, sections, d);
    }

    static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        }
        int n = x.size(dim);
        return split(x, Math.max(1, (n + chunks - 1) / chunks), dim);
    }

    /**
     * Pads the last {@code pad.length / 2} dimensions; {@code pad} lists (before, after) pairs from
     * the last dimension backwards, as PyTorch's {@code F.pad}.
     */
    static Tensor pad(Tensor x, int[] pad, PadMode mode, double value) {
        if (pad.length % 2 != 0 || pad.length / 2 > x.rank()) {
            throw new IllegalArgumentException("pad: expects (before, after) pairs for at most " + x.rank()
                    + " dimensions, got " + Arrays.toString(pad));
        }
        if (Arrays.stream(pad).anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("pad: negative padding " + Arrays.toString(pad) + " is not supported; use narrow()");
        }
        if (mode == PadMode.CONSTANT) {
            int[] outShape = x.dims().clone();
            for (int i = 0; i < pad.length / 2; i++) {
                outShape[x.rank() - 1 - i] += pad[2 * i] + pad[2 * i + 1];
            }
            Tensor out = Tensor.full(outShape, value, x.dtype(), x.device());
            Tensor inner = out;
            for (int i = 0; i < pad.length / 2; i++) {
                int d = x.rank() - 1 - i;
                inner = inner.narrow(d, pad[2 * i], x.size(d));
            }
            out.backend().copy(x.view(), inner.view());
            int[] starts = pad.clone();
            return GradFn.record("constant_pad", out, new Tensor[] {x}, (g, needs) -> {
                Tensor gi = g;
                for (int i = 0; i < starts.length / 2; i++) {
                    int d = gi.rank() - 1 - i;
                    gi = gi.narrow(d, starts[2 * i], x.size(d));
                }
                return new Tensor[] {gi};
            });
        }
        Tensor out = x;
        for (int i = 0; i < pad.length / 2; i++) {
            int d = x.rank() - 1 - i;
            if (pad[2 * i] != 0 || pad[2 * i + 1] != 0) {
                out = indexSelect(out, d, padIndices(x.size(d), pad[2 * i], pad[2 * i + 1], mode, x.device()));
            }
        }
        return out;
    }

    /** For reflect and replicate padding: which source position each padded position copies. */
    private static Tensor padIndices(int n, int before, int after, PadMode mode, Device device) {
        if (mode == PadMode.REFLECT && (before >= n || after >= n)) {
            throw new IllegalArgumentException("pad: reflect padding (" + before + ", " + after
                    + ") must be smaller than the dimension size " + n);
        }
        long[] idx = new long[n + before + after];
        for (int i = 0; i < idx.length; i++) {
            int j = i - before;
            if (mode == PadMode.REPLICATE) {
                j = Math.clamp(j, 0, n - 1);
            } else {
                j = j < 0 ? -j : (j >= n ? 2 * (n - 1) - j : j);
            }
            idx[i] = j;
        }
        return Tensor.of(idx, idx.length).to(device);
    }
}
