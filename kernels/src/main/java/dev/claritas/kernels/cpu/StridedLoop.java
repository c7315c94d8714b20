package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.View;

/**
 * Walks several equally shaped strided views together, row by row. The dimensions are visited in
 * the order of the first operand's (the destination's) memory, outermost first, so that its rows
 * run along its smallest stride: a channels-last destination is walked position by position, each
 * row a run of adjacent channels, not channel by channel across the whole map. Dimensions that are
 * then contiguous with respect to every operand are merged, so a dense tensor is one long row and a
 * broadcast operand keeps stride 0 in its row.
 */
final class StridedLoop {
    private final int[] shape;      // merged dims, the last one is the row
    private final int[][] strides;  // [operand][dim]
    private final int[] bases;

    StridedLoop(View... views) {
        int k = views.length;
        int[] dims = views[0].shape();
        int rank = dims.length;
        int[] keptShape = new int[Math.max(rank, 1)];
        int[][] keptStrides = new int[k][Math.max(rank, 1)];
        int kept = 0;
        for (int d : memoryOrder(dims, views[0].strides())) {
            if (dims[d] == 1) {
                continue;
            }
            boolean merge = kept > 0;
            for (int o = 0; o < k && merge; o++) {
                merge = keptStrides[o][kept - 1] == views[o].strides()[d] * dims[d];
            }
            if (merge) {
                keptShape[kept - 1] *= dims[d];
                for (int o = 0; o < k; o++) {
                    keptStrides[o][kept - 1] = views[o].strides()[d];
                }
            } else {
                keptShape[kept] = dims[d];
                for (int o = 0; o < k; o++) {
                    keptStrides[o][kept] = views[o].strides()[d];
                }
                kept++;
            }
        }
        if (kept == 0) { // a scalar or all dims of size 1
            keptShape[0] = 1;
            kept = 1;
        }
        shape = java.util.Arrays.copyOf(keptShape, kept);
        strides = new int[k][];
        bases = new int[k];
        for (int o = 0; o < k; o++) {
            strides[o] = java.util.Arrays.copyOf(keptStrides[o], kept);
            bases[o] = views[o].offset();
        }
        for (int d : dims) {
            if (d == 0) {
                shape[shape.length - 1] = 0;
            }
        }
    }

    /**
     * The dims by decreasing stride of the destination (ties in their logical order); the logical
     * order itself where the destination has a stride of 0 or below along a dim of several elements,
     * as then the order of its writes could matter.
     */
    private static int[] memoryOrder(int[] dims, int[] strides) {
        int[] order = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] > 1 && strides[d] <= 0) {
                for (int i = 0; i < dims.length; i++) {
                    order[i] = i;
                }
                return order;
            }
            // insertion sort, stable: a row-major destination costs one comparison per dim
            int i = d;
            for (; i > 0 && strides[order[i - 1]] < strides[d]; i--) {
                order[i] = order[i - 1];
            }
            order[i] = d;
        }
        return order;
    }

    /** Elements per row. */
    int rowLength() {
        return shape[shape.length - 1];
    }

    /** Number of rows. */
    int rows() {
        int r = 1;
        for (int i = 0; i < shape.length - 1; i++) {
            r *= shape[i];
        }
        return rowLength() == 0 ? 0 : r;
    }

    /** Stride within a row of operand {@code o}. */
    int rowStride(int o) {
        return strides[o][shape.length - 1];
    }

    /** Writes the offset of the first element of row {@code row} for each operand. */
    void rowOffsets(int row, int[] out) {
        for (int o = 0; o < out.length; o++) {
            out[o] = bases[o];
        }
        int r = row;
        for (int d = shape.length - 2; d >= 0; d--) {
            int coord = r % shape[d];
            r /= shape[d];
            for (int o = 0; o < out.length; o++) {
                out[o] += coord * strides[o][d];
            }
        }
    }

    /** A body run for each row: the operands' row offsets and the row length. */
    @FunctionalInterface
    interface RowBody {
        void run(int[] offsets, int length);
    }

    /** Long rows are cut into pieces of at most this many elements so that they can run in parallel too. */
    private static final int PIECE = 1 << 14;

    /** Runs {@code body} on every row (or piece of a long row), split over the cores when the work is large enough. */
    void forEachRow(int costPerElement, RowBody body) {
        int len = rowLength();
        int pieces = Math.max(1, (len + PIECE - 1) / PIECE);
        int pieceLen = pieces == 1 ? len : (len + pieces - 1) / pieces;
        int k = bases.length;
        Parallel.forRange(rows() * pieces, (long) pieceLen * costPerElement, (from, to) -> {
            int[] offsets = new int[k];
            for (int t = from; t < to; t++) {
                int start = (t % pieces) * pieceLen;
                rowOffsets(t / pieces, offsets);
                for (int o = 0; o < k; o++) {
                    offsets[o] += start * strides[o][shape.length - 1];
                }
                body.run(offsets, Math.min(pieceLen, len - start));
            }
        });
    }
}
