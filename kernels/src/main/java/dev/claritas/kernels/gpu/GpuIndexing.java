package dev.claritas.kernels.gpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.spi.View;

/**
 * gather and scatter-add kernels ({@code index.cl}) over strided views. Before either runs, a
 * small kernel looks for the first index (in row-major order) outside the indexed dimension, so a
 * bad index raises the CPU backend's {@link IndexOutOfBoundsException} with the same message.
 *
 * <p>Scatter-add is deterministic without atomics: each line along the scattered dimension (every
 * other coordinate fixed) is written by one thread, or for long lines by one work-group, and
 * repeated indices add in index order, as the CPU's sequential loop does.
 */
final class GpuIndexing {
    private GpuIndexing() {}

    /** Work-group size of the index check ({@code CHECK_GROUP} in index.cl). */
    private static final int CHECK_GROUP = 256;
    /** The most work-groups of the index check, hence the most partial results read back. */
    private static final int CHECK_GROUPS_MAX = 512;
    /** Work-group size of the per-line scatter ({@code SCATTER_GROUP} in index.cl). */
    private static final int SCATTER_GROUP = 128;
    /** Lines at least this long are scattered by a work-group each (coalesced loads); shorter ones by a thread. */
    private static final int GROUP_SCATTER_MIN = 32;

    static void gather(GpuRuntime r, View src, int dim, View index, View dst) {
        int n = dst.numel();
        if (n == 0) {
            return;
        }
        checkIndices(r, "gather", index, src.shape()[dim], dim, src.dtype());
        StridedLayout l = StridedLayout.keeping(index.shape(), dim, index, src);
        r.launch("index", src.dtype(), "gather", Grid.linear(n), new KernelArgs().struct(l.shape()).i(l.axis())
                .memory(index).struct(l.strides(0)).memory(src).struct(l.strides(1)).memory(dst).l(n));
    }

    static void scatterAdd(GpuRuntime r, View dst, int dim, View index, View src) {
        int n = index.numel();
        if (n == 0) {
            return;
        }
        checkIndices(r, "scatter_add", index, dst.shape()[dim], dim, src.dtype());
        StridedLayout lines = StridedLayout.without(index.shape(), dim, index, src, dst);
        int length = index.shape()[dim];
        long lineCount = n / length;
        boolean perGroup = length >= GROUP_SCATTER_MIN;
        KernelArgs args = new KernelArgs().struct(lines.shape());
        if (!perGroup) {
            args.l(lineCount);
        }
        args.i(length).memory(index).struct(lines.strides(0)).i(index.strides()[dim])
                .memory(src).struct(lines.strides(1)).i(src.strides()[dim])
                .memory(dst).struct(lines.strides(2)).i(dst.strides()[dim]);
        if (perGroup) {
            r.launch("index", src.dtype(), "scatter_add_per_group", Grid.groups(lineCount, SCATTER_GROUP), args);
        } else {
            r.launch("index", src.dtype(), "scatter_add_per_thread", Grid.linear(lineCount), args);
        }
    }

    /**
     * Throws the CPU backend's exception for the first index outside {@code [0, size)}. Waits for
     * the device: one read of a partial result per work-group of the check.
     */
    private static void checkIndices(GpuRuntime r, String op, View index, int size, int dim, DType program) {
        StridedLayout l = StridedLayout.of(index.shape(), index);
        long n = l.numel();
        int groups = (int) Math.min(Math.ceilDiv(n, CHECK_GROUP), CHECK_GROUPS_MAX);
        GpuStorage firsts = new GpuStorage((GpuBackend) GpuStorage.of(index).backend(), r, DType.INT64, groups);
        long first = n;
        try {
            View firstsView = new View(firsts, new int[] {groups}, new int[] {1}, 0);
            r.launch("index", program, "first_bad_index", Grid.groups(groups, CHECK_GROUP), new KernelArgs()
                    .struct(l.shape()).memory(index).struct(l.strides(0)).l(size).l(n).memory(firstsView));
            long[] partial = new long[groups];
            r.read(firsts.handle(), DType.INT64, 0, partial, groups);
            for (long p : partial) {
                first = Math.min(first, p);
            }
        } finally {
            firsts.close();
        }
        if (first < n) {
            long[] value = new long[1];
            r.read(GpuStorage.of(index).handle(), DType.INT64, offsetOf(index, first), value, 1);
            throw new IndexOutOfBoundsException(op + ": index " + value[0] + " is out of bounds for dimension " + dim
                    + " with size " + size);
        }
    }

    /** The storage offset of the element at row-major position {@code e} of a view. */
    private static long offsetOf(View v, long e) {
        long at = v.offset();
        for (int d = v.rank() - 1; d >= 0; d--) {
            at += (e % v.shape()[d]) * v.strides()[d];
            e /= v.shape()[d];
        }
        return at;
    }
}
