package dev.claritas.mri.io;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * An array read from or to be written to an {@code .npy} file: its shape in NumPy's order (last index fastest)
 * and its values as floats in that (C) order, whatever order the file used. Complex items are two floats, real
 * then imaginary, the library's trailing dimension of 2. Float64 and int32 values are rounded to float32.
 *
 * @param shape dimensions, last varying fastest; empty for a scalar
 * @param dtype the item type in the file (on writing: the type to store)
 * @param data  {@code product(shape) * dtype.valuesPerItem()} floats
 */
public record NpyArray(int[] shape, NpyDtype dtype, float[] data) {

    /** Checks that the data fits the shape, and copies the shape. */
    public NpyArray {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long n = dtype.valuesPerItem();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs " + n
                    + " values but data has " + data.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of items, the product of the shape. */
    public long size() {
        return data.length / dtype.valuesPerItem();
    }

    /** The array as a float32 tensor on the CPU; complex arrays gain a trailing dimension of 2. */
    public Tensor toTensor() {
        int[] dims = dtype.isComplex() ? Arrays.copyOf(shape, shape.length + 1) : shape.clone();
        if (dtype.isComplex()) {
            dims[shape.length] = 2;
        }
        return Tensor.of(data, dims);
    }
}
