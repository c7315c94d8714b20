package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.View;
import java.util.ArrayList;
import java.util.List;

/**
 * The iteration space of an elementwise kernel and where each operand's elements are, as the
 * kernels' {@code Shape} and {@code Strides} structs. Dimensions of size 1 are dropped and adjacent
 * dimensions that every operand walks contiguously are merged, so contiguous operands reach the
 * kernel as one dimension and the index arithmetic stays short.
 */
public record StridedLayout(int[] shape, int[][] strides, long numel) {

    /** The kernels' MAX_RANK. */
    public static final int MAX_RANK = 8;

    /** The layout of operands that all have the shape {@code shape} (broadcast operands have stride 0). */
    public static StridedLayout of(int[] shape, View... operands) {
        List<Integer> sizes = new ArrayList<>();
        List<int[]> strideCols = new ArrayList<>();   // per kept dimension: the operands' strides
        long numel = 1;
        for (int d = 0; d < shape.length; d++) {
            numel *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            int[] col = new int[operands.length];
            for (int k = 0; k < operands.length; k++) {
                col[k] = operands[k].strides()[d];
            }
            int last = sizes.size() - 1;
            if (last >= 0 && mergeable(strideCols.get(last), col, shape[d])) {
                sizes.set(last, sizes.get(last) * shape[d]);
                strideCols.set(last, col);
            } else {
                sizes.add(shape[d]);
                strideCols.add(col);
            }
        }
        if (sizes.size() > MAX_RANK) {
            throw new UnsupportedOperationException("GPU elementwise kernels take at most " + MAX_RANK
                    + " non-mergeable dimensions, got shape " + java.util.Arrays.toString(shape));
        }
        int rank = sizes.size();
        int[] shapeStruct = new int[1 + MAX_RANK];
        shapeStruct[0] = rank;
        for (int d = 0; d < rank; d++) {
            shapeStruct[1 + d] = sizes.get(d);
        }
        int[][] strideStructs = new int[operands.length][1 + MAX_RANK];
        for (int k = 0; k < operands.length; k++) {
            strideStructs[k][0] = operands[k].offset();
            for (int d = 0; d < rank; d++) {
                strideStructs[k][1 + d] = strideCols.get(d)[k];
            }
        }
        return new StridedLayout(shapeStruct, strideStructs, numel);
    }

    /** Whether an outer dimension with strides {@code outer} and the next one ({@code inner}, size n) form one. */
    private static boolean mergeable(int[] outer, int[] inner, int n) {
        for (int k = 0; k < outer.length; k++) {
            if (outer[k] != (long) inner[k] * n) {
                return false;
            }
        }
        return true;
    }

    /** The {@code Strides} struct of operand {@code k}. */
    public int[] strides(int k) {
        return strides[k];
    }
}
