package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.View;

/**
 * Reads and writes elements of any dtype as double: the generic path for the less common dtype
 * combinations. Float32 and float64 hot loops use the arrays directly instead.
 */
final class Buffers {
    private Buffers() {}

    static Object array(View v) {
        return ((CpuStorage) v.storage()).array();
    }

    static float[] floats(View v) {
        return (float[]) array(v);
    }

    static double[] doubles(View v) {
        return (double[]) array(v);
    }

    static long[] longs(View v) {
        return (long[]) array(v);
    }

    static double get(Object array, int i) {
        return switch (array) {
            case float[] a -> a[i];
            case double[] a -> a[i];
            case long[] a -> a[i];
            case boolean[] a -> a[i] ? 1 : 0;
            default -> throw new IllegalArgumentException(array.getClass().toString());
        };
    }

    static void set(Object array, int i, double v) {
        switch (array) {
            case float[] a -> a[i] = (float) v;
            case double[] a -> a[i] = v;
            case long[] a -> a[i] = (long) v;
            case boolean[] a -> a[i] = v != 0;
            default -> throw new IllegalArgumentException(array.getClass().toString());
        }
    }
}
