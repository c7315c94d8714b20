package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.View;

/** gather and scatter-add along one dimension of strided views. */
final class CpuIndexing {
    private CpuIndexing() {}

    static void gather(View src, int dim, View index, View dst) {
        int[] shape = index.shape();
        int rank = shape.length;
        Object s = Buffers.array(src), d = Buffers.array(dst);
        long[] idx = Buffers.longs(index);
        int size = src.shape()[dim];
        int n = dst.numel();
        Parallel.forRange(n, rank * 4L + 4, (from, to) -> {
            int[] coord = new int[rank];
            for (int e = from; e < to; e++) {
                unravel(e, shape, coord);
                int k = checked("gather", idx[offset(index, coord)], size, dim);
                int so = src.offset();
                for (int i = 0; i < rank; i++) {
                    so += (i == dim ? k : coord[i]) * src.strides()[i];
                }
                Buffers.set(d, dst.offset() + e, Buffers.get(s, so));
            }
        });
    }

    /**
     * Sequential on purpose (but for independent rows, see {@link #isFloatRowScatter}): repeated
     * indices add into the same element, and the order of those adds is fixed.
     */
    static void scatterAdd(View dst, int dim, View index, View src) {
        if (isFloatRowScatter(dst, dim, index, src)) {
            scatterAddRows(dst, index, src);
            return;
        }
        int[] shape = index.shape();
        int rank = shape.length;
        Object s = Buffers.array(src), d = Buffers.array(dst);
        long[] idx = Buffers.longs(index);
        int size = dst.shape()[dim];
        int[] coord = new int[rank];
        int n = index.numel();
        for (int e = 0; e < n; e++) {
            unravel(e, shape, coord);
            int k = checked("scatter_add", idx[offset(index, coord)], size, dim);
            int dOff = dst.offset();
            for (int i = 0; i < rank; i++) {
                dOff += (i == dim ? k : coord[i]) * dst.strides()[i];
            }
            Buffers.set(d, dOff, Buffers.get(d, dOff) + Buffers.get(s, offset(src, coord)));
        }
    }

    /**
     * Float32 scatter along the last axis of contiguous operands whose other axes match (max-pool
     * backward scatters [planes, Ho·Wo] into [planes, H·W]): each row of dst receives only its own
     * row of src, so rows run in parallel while each row adds in index order, as the sequential loop
     * does — the same sums, bit for bit.
     */
    private static boolean isFloatRowScatter(View dst, int dim, View index, View src) {
        int last = index.rank() - 1;
        if (dim != last || !(Buffers.array(dst) instanceof float[]) || !(Buffers.array(src) instanceof float[])
                || !dst.isContiguous() || !index.isContiguous() || !src.isContiguous()
                || !java.util.Arrays.equals(index.shape(), src.shape()) || dst.rank() != index.rank()) {
            return false;
        }
        for (int i = 0; i < last; i++) {
            if (dst.shape()[i] != index.shape()[i]) {
                return false;
            }
        }
        return true;
    }

    private static void scatterAddRows(View dst, View index, View src) {
        int last = index.rank() - 1;
        int width = dst.shape()[last], n = index.shape()[last];
        int rows = n == 0 ? 0 : index.numel() / n;
        float[] d = Buffers.floats(dst), s = Buffers.floats(src);
        long[] idx = Buffers.longs(index);
        int io = index.offset(), so = src.offset(), dOff = dst.offset();
        for (int e = 0; e < rows * n; e++) {    // first the checks, so that a bad index changes nothing
            checked("scatter_add", idx[io + e], width, last);
        }
        Parallel.forRange(rows, 2L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int row = dOff + r * width;
                for (int j = 0, e = r * n; j < n; j++, e++) {
                    d[row + (int) idx[io + e]] += s[so + e];
                }
            }
        });
    }

    private static int checked(String op, long k, int size, int dim) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + k + " is out of bounds for dimension " + dim + " with size " + size);
        }
        return (int) k;
    }

    private static void unravel(int e, int[] shape, int[] coord) {
        for (int i = shape.length - 1; i >= 0; i--) {
            coord[i] = e % shape[i];
            e /= shape[i];
        }
    }

    private static int offset(View v, int[] coord) {
        int o = v.offset();
        for (int i = 0; i < coord.length; i++) {
            o += coord[i] * v.strides()[i];
        }
        return o;
    }
}
