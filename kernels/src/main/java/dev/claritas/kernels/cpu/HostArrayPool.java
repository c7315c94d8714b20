package dev.claritas.kernels.cpu;

import dev.claritas.tensor.DType;
import java.util.Arrays;

/**
 * Arrays of released host tensors and of kernels' working memory, handed to the next request of
 * the same type and length. A training step makes the same shapes every time, so once a step's
 * tensors are released (a {@code Scope} closing, the backward pass dropping a gradient it has
 * passed on) and a kernel's buffers given back, the next step allocates almost nothing (a DnCNN
 * step: 320 MB allocated before, 2.5 MB after), and the heap no longer grows with the allocation
 * rate. The pool keeps at most {@link #CAPACITY} bytes (three quarters of the maximum heap),
 * dropping the sizes asked for least recently to make room for new ones ({@link ArrayPool}); a new
 * array that finds the heap full empties the pool and is tried again. Arrays under
 * {@link #MIN_BYTES} are not kept: the allocator makes those as fast as a lookup. One pool serves
 * the whole process.
 */
final class HostArrayPool {
    /** Arrays below this many bytes are left to the garbage collector. */
    static final int MIN_BYTES = 16 * 1024;
    /** The most bytes the pool holds. */
    static final long CAPACITY = Runtime.getRuntime().maxMemory() / 4 * 3;

    /**
     * With {@code -Dclaritas.poisonUninitialized=true} (the test suite sets it), uninitialized arrays
     * come filled with NaN (floats), -2^63 (longs) or true, so an output a kernel leaves partly
     * unwritten shows up in results instead of passing for zeros.
     */
    static final boolean POISON = Boolean.getBoolean("claritas.poisonUninitialized");

    private static final ArrayPool FREE = new ArrayPool(CAPACITY);

    private HostArrayPool() {}

    /** A zeroed array of {@code size} elements of {@code dtype}, recycled when one is free. */
    static Object take(DType dtype, int size) {
        Object array = poll(dtype, size);
        if (array == null) {
            return fresh(dtype, size);
        }
        fill(array, 0);
        return array;
    }

    /** An array of {@code size} elements of {@code dtype} whose values are left as they were. */
    static Object takeUninitialized(DType dtype, int size) {
        Object array = poll(dtype, size);
        if (array == null) {
            array = fresh(dtype, size);
        }
        if (POISON) {
            fill(array, Double.NaN);
        }
        return array;
    }

    /** A zeroed float array of {@code size} elements, recycled when one is free: a kernel's working memory. */
    static float[] floats(int size) {
        return (float[]) take(DType.FLOAT32, size);
    }

    /** A float array of {@code size} elements whose values are left as they were: working memory the kernel overwrites. */
    static float[] floatsUninitialized(int size) {
        return (float[]) takeUninitialized(DType.FLOAT32, size);
    }

    /** Takes {@code array} back; whoever had it must never read or write it again. */
    static void give(Object array) {
        DType dtype = CpuStorage.dtypeOf(array);
        int size = CpuStorage.length(array);
        if (pooled(dtype, size)) {
            FREE.offer(key(dtype, size), array, bytes(dtype, size));
        }
    }

    /** Bytes of the arrays the pool holds now. */
    static long bytesHeld() {
        return FREE.bytesHeld();
    }

    /** Drops every array the pool holds, for the garbage collector to take. */
    static void clear() {
        FREE.clear();
    }

    private static Object poll(DType dtype, int size) {
        return pooled(dtype, size) ? FREE.poll(key(dtype, size)) : null;
    }

    /** A new array; if the heap is full, the pool's arrays are dropped and it is tried once more. */
    private static Object fresh(DType dtype, int size) {
        try {
            return CpuStorage.newArray(dtype, size);
        } catch (OutOfMemoryError e) {
            clear();
            return CpuStorage.newArray(dtype, size);
        }
    }

    private static boolean pooled(DType dtype, int size) {
        return bytes(dtype, size) >= MIN_BYTES;
    }

    private static long bytes(DType dtype, int size) {
        return (long) size * dtype.byteSize();
    }

    private static long key(DType dtype, int size) {
        return ((long) dtype.ordinal() << 32) | size;
    }

    /** Every element set to {@code value} (NaN: -2^63 for longs, true for booleans; 0: zero, false). */
    private static void fill(Object array, double value) {
        boolean zero = value == 0;
        switch (array) {
            case float[] a -> Arrays.fill(a, (float) value);
            case double[] a -> Arrays.fill(a, value);
            case long[] a -> Arrays.fill(a, zero ? 0L : Long.MIN_VALUE);
            case boolean[] a -> Arrays.fill(a, !zero);
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        }
    }
}
