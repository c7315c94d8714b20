package dev.claritas.mri.io;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A complex array in BART's layout: dimensions in BART's order, the first varying fastest (column-major, as in
 * Fortran and MATLAB), and values as interleaved float pairs (real, imaginary), element by element in that order.
 *
 * <p>The library's tensors are row-major, last index fastest. The same bytes are therefore the tensor whose shape
 * is BART's dimensions reversed: a BART image with dims {@code [x, y, coils]} is the tensor
 * {@code [coils, y, x, 2]}, with no data moved. {@link #toTensor()} does exactly that, and drops BART's trailing
 * singleton dimensions (it always writes 16) first.
 *
 * @param dims BART dimensions, first fastest; at least one, each at least 1
 * @param data {@code 2 * product(dims)} floats
 */
public record CflArray(int[] dims, float[] data) {

    /** Checks that the data fits the dimensions, and copies them. */
    public CflArray {
        Objects.requireNonNull(data, "data");
        dims = dims.clone();
        if (dims.length == 0) {
            throw new IllegalArgumentException("a BART array has at least one dimension");
        }
        long n = 2;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("BART dimensions must be at least 1, got " + Arrays.toString(dims));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + n + " floats but data has "
                    + data.length);
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The dimensions without trailing singletons (at least one kept), first fastest. */
    public int[] usedDims() {
        int rank = dims.length;
        while (rank > 1 && dims[rank - 1] == 1) {
            rank--;
        }
        return Arrays.copyOf(dims, rank);
    }

    /**
     * The row-major shape of the same bytes: {@link #usedDims()} reversed, without the complex pair; for BART's
     * {@code [x, y]} this is {@code [y, x]}.
     */
    public int[] rowMajorShape() {
        int[] used = usedDims();
        int[] shape = new int[used.length];
        for (int i = 0; i < used.length; i++) {
            shape[i] = used[used.length - 1 - i];
        }
        return shape;
    }

    /** The array as a float32 CPU tensor of shape {@code rowMajorShape() + [2]}, sharing no data. */
    public Tensor toTensor() {
        int[] shape = rowMajorShape();
        int[] dimsWithPair = Arrays.copyOf(shape, shape.length + 1);
        dimsWithPair[shape.length] = 2;
        return Tensor.of(data, dimsWithPair);
    }
}
