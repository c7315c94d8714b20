package dev.claritas.kernels.cpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.spi.Backend;
import dev.claritas.tensor.spi.Storage;

/** Host memory: a Java array of the dtype's element type (float[], double[], long[] or boolean[]). */
final class CpuStorage extends Storage {
    private final CpuBackend backend;
    private final Object array;

    CpuStorage(CpuBackend backend, DType dtype, Object array, int size) {
        super(dtype, size);
        this.backend = backend;
        this.array = array;
    }

    static Object newArray(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
            case INT64 -> new long[size];
            case BOOL -> new boolean[size];
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
        return array;
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
