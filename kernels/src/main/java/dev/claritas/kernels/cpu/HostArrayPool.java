package dev.claritas.kernels.cpu;

import dev.claritas.tensor.DType;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Arrays of released host tensors and of kernels' working memory, handed to the next request of
 * the same type and length. A training step makes the same shapes every time, so once a step's
 * tensors are released (a {@code Scope} closing, the backward pass dropping a gradient it has
 * passed on) and a kernel's buffers given back, the next step runs on memory that is already mapped
 * and in cache instead of fresh, cold arrays — a fresh 4.7 MB array costs about eight times as much
 * to write as a recycled one — and the heap stops growing with the allocation rate. Arrays are held
 * softly: under memory pressure the collector takes them back. Arrays under {@link #MIN_BYTES} are
 * not kept; the allocator makes those as fast as a lookup. One pool serves the whole process.
 */
final class HostArrayPool {
    /** Arrays below this many bytes are left to the garbage collector. */
    static final int MIN_BYTES = 16 * 1024;

    private static final ConcurrentHashMap<Long, Deque<SoftReference<Object>>> FREE = new ConcurrentHashMap<>();

    private HostArrayPool() {}

    /** A zeroed array of {@code size} elements of {@code dtype}, recycled when one is free. */
    static Object take(DType dtype, int size) {
        Object array = poll(dtype, size);
        return array != null ? array : CpuStorage.newArray(dtype, size);
    }

    /** A zeroed float array of {@code size} elements, recycled when one is free: a kernel's working memory. */
    static float[] floats(int size) {
        return (float[]) take(DType.FLOAT32, size);
    }

    /** Takes {@code array} back; whoever had it must never read or write it again. */
    static void give(Object array) {
        DType dtype = dtypeOf(array);
        int size = CpuStorage.length(array);
        if (pooled(dtype, size)) {
            FREE.computeIfAbsent(key(dtype, size), k -> new ConcurrentLinkedDeque<>()).addFirst(new SoftReference<>(array));
        }
    }

    private static Object poll(DType dtype, int size) {
        if (!pooled(dtype, size)) {
            return null;
        }
        Deque<SoftReference<Object>> arrays = FREE.get(key(dtype, size));
        if (arrays == null) {
            return null;
        }
        for (SoftReference<Object> ref; (ref = arrays.pollFirst()) != null; ) {
            Object array = ref.get();
            if (array != null) {
                zero(array);
                return array;
            }
        }
        return null;
    }

    private static boolean pooled(DType dtype, int size) {
        return (long) size * dtype.byteSize() >= MIN_BYTES;
    }

    private static Long key(DType dtype, int size) {
        return ((long) dtype.ordinal() << 32) | size;
    }

    private static DType dtypeOf(Object array) {
        return switch (array) {
            case float[] a -> DType.FLOAT32;
            case double[] a -> DType.FLOAT64;
            case long[] a -> DType.INT64;
            case boolean[] a -> DType.BOOL;
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        };
    }

    private static void zero(Object array) {
        switch (array) {
            case float[] a -> Arrays.fill(a, 0f);
            case double[] a -> Arrays.fill(a, 0d);
            case long[] a -> Arrays.fill(a, 0L);
            case boolean[] a -> Arrays.fill(a, false);
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        }
    }
}
