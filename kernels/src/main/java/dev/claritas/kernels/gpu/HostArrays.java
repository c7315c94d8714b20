package dev.claritas.kernels.gpu;

import dev.claritas.tensor.DType;

/**
 * Host arrays as device transfers need them: bool tensors travel as bytes (0 or 1), because a Java
 * boolean[] cannot be handed to native code; the other dtypes travel as their own arrays.
 */
final class HostArrays {
    private HostArrays() {}

    static Object toTransferable(DType dtype, Object array) {
        Class<?> expected = switch (dtype) {
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case INT64 -> long[].class;
            case BOOL -> boolean[].class;
        };
        if (array.getClass() != expected) {
            throw new IllegalArgumentException("a " + dtype + " tensor needs a " + expected.getSimpleName()
                    + ", got " + array.getClass().getSimpleName());
        }
        if (array instanceof boolean[] b) {
            byte[] bytes = new byte[b.length];
            for (int i = 0; i < b.length; i++) {
                bytes[i] = (byte) (b[i] ? 1 : 0);
            }
            return bytes;
        }
        return array;
    }

    static Object transferArray(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case BOOL -> new byte[n];
        };
    }

    static Object fromTransferable(DType dtype, Object array) {
        if (array instanceof byte[] bytes) {
            boolean[] b = new boolean[bytes.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = bytes[i] != 0;
            }
            return b;
        }
        return array;
    }

    static int length(Object array) {
        return java.lang.reflect.Array.getLength(array);
    }
}
