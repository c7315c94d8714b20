package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The iteration space of a kernel over strided operands and where each operand's elements are, as
 * the kernels' {@code Shape} and {@code Strides} structs. Dimensions of size 1 are dropped and
 * adjacent dimensions that every operand walks contiguously are merged, so contiguous operands reach
 * the kernel as one dimension and the index arithmetic stays short.
 *
 * <p>Gather and scatter-add name one dimension that must not be merged: a gather keeps it alone, at
 * {@link #axis()}; a scatter leaves it out, since its kernels walk it themselves.
 */
public record StridedLayout(int[] shape, int[][] strides, long numel, int axis) {

    /** The kernels' MAX_RANK. */
    public static final int MAX_RANK = 8;

    /** The layout of operands that all have the shape {@code shape} (broadcast operands have stride 0). */
    public static StridedLayout of(int[] shape, View... operands) {
        return build(shape, -1, false, operands);
    }

    /** As {@link #of}, with dimension {@code dim} kept alone and its position reported as {@link #axis()}. */
    public static StridedLayout keeping(int[] shape, int dim, View... operands) {
        return build(shape, dim, true, operands);
    }

    /** As {@link #of}, over every dimension but {@code dim}: the lines along {@code dim}. */
    public static StridedLayout without(int[] shape, int dim, View... operands) {
        return build(shape, dim, false, operands);
    }

    private static StridedLayout build(int[] shape, int dim, boolean keepDim, View... operands) {
        List<Integer> sizes = new ArrayList<>();
        List<int[]> strideCols = new ArrayList<>();   // per kept dimension: the operands' strides
        int axis = -1;
        long numel = 1;
        for (int d = 0; d < shape.length; d++) {
            int[] col = new int[operands.length];
            for (int k = 0; k < operands.length; k++) {
                col[k] = operands[k].strides()[d];
            }
            if (d == dim) {
                if (keepDim) {
                    numel *= shape[d];
                    axis = sizes.size();
                    sizes.add(shape[d]);
                    strideCols.add(col);
                }
                continue;
            }
            numel *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            int last = sizes.size() - 1;
            if (last >= 0 && last != axis && mergeable(strideCols.get(last), col, shape[d])) {
                sizes.set(last, sizes.get(last) * shape[d]);
                strideCols.set(last, col);
            } else {
                sizes.add(shape[d]);
                strideCols.add(col);
            }
        }
        if (sizes.size() > MAX_RANK) {
            throw new UnsupportedOperationException("GPU kernels take at most " + MAX_RANK
                    + " non-mergeable dimensions, got shape " + Arrays.toString(shape));
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
        return new StridedLayout(shapeStruct, strideStructs, numel, axis);
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
