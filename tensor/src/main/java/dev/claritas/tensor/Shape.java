package dev.claritas.tensor;

import java.util.Arrays;

/** An immutable list of dimension sizes, e.g. {@code [8, 1, 320, 320]}. */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape of the given sizes; every size must be ≥ 0. */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code dim}; negative values count from the end. */
    public int get(int dim) {
        return dims[normalizeDim(dim, dims.length)];
    }

    /** Number of elements: the product of the sizes (1 for a scalar). */
    public int numel() {
        return numel(dims);
    }

    /** A copy of the sizes. */
    public int[] toArray() {
        return dims.clone();
    }

    static int numel(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more than 2^31 elements, which one tensor cannot hold");
            }
        }
        return (int) n;
    }

    /** Strides of the dense row-major layout of {@code dims} (size-1 and size-0 dims count as 1). */
    public static int[] contiguousStrides(int[] dims) {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(dims[i], 1);
        }
        return strides;
    }

    /** Turns a possibly negative dimension index into one in {@code [0, rank)}, or throws. */
    public static int normalizeDim(int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= Math.max(rank, 1) || (rank == 0 && d != 0)) {
            throw new IndexOutOfBoundsException("dimension " + dim + " is out of range for a tensor of rank " + rank);
        }
        return d;
    }

    /** The broadcast of two shapes (NumPy's rules), or an error naming the op and both shapes. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeMismatchException(op + ": shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
