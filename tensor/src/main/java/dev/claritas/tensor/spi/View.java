package dev.claritas.tensor.spi;

import dev.claritas.tensor.DType;
import java.util.Arrays;

/**
 * What a kernel sees of a tensor: its storage and the strided layout of its elements within it.
 * Element {@code (i0, i1, ...)} is at {@code offset + i0*strides[0] + i1*strides[1] + ...}.
 * Kernels must not modify the arrays.
 */
public record View(Storage storage, int[] shape, int[] strides, int offset) {

    public DType dtype() {
        return storage.dtype();
    }

    public int rank() {
        return shape.length;
    }

    public int numel() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Whether the elements are laid out densely in row-major order. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    @Override
    public String toString() {
        return "View" + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " +" + offset;
    }
}
