package dev.claritas.kernels.cpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.spi.Backend;
import dev.claritas.tensor.spi.Storage;

/**
 * Host memory: a Java array of the dtype's element type (float[], double[], long[] or boolean[]).
 * Closing it hands an array the backend allocated back to the {@link HostArrayPool}; the storage is
 * then unusable, so a tensor kept past its scope fails loudly instead of reading another tensor's
 * data.
 */
final class CpuStorage extends Storage {
    private final CpuBackend backend;
    private final boolean recyclable;
    private Object array;

    /**
     * @param recyclable whether {@code array} belongs to the backend, which may hand it to another
     *                   tensor once this one is closed (not so for an array it was given)
     */
    CpuStorage(CpuBackend backend, DType dtype, Object array, int size, boolean recyclable) {
        super(dtype, size);
        this.backend = backend;
        this.array = array;
        this.recyclable = recyclable;
    }

    static Object newArray(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
            case INT64 -> new long[size];
            case BOOL -> new boolean[size];
        };
    }

    /** The dtype whose elements {@code array} holds, as {@link #newArray} makes them. */
    static DType dtypeOf(Object array) {
        return switch (array) {
            case float[] a -> DType.FLOAT32;
            case double[] a -> DType.FLOAT64;
            case long[] a -> DType.INT64;
            case boolean[] a -> DType.BOOL;
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        };
    }

    static int length(Object array) {
        return switch (array) {
            case float[] a -> a.length;
            case double[] a -> a.length;
            case long[] a -> a.length;
            case boolean[] a -> a.length;
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        };
    }

    Object array() {
        Object a = array;
        if (a == null) {
            throw new IllegalStateException("this tensor's memory was released (its Scope closed, or close() was"
                    + " called): use Scope.keep for a tensor that must outlive the scope it was made in");
        }
        return a;
    }

    @Override
    public void close() {
        Object a = array;
        array = null;
        if (a != null && recyclable) {
            HostArrayPool.give(a);
        }
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Backend backend() {
        return backend;
    }
}
