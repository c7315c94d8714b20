package dev.claritas.kernels.gpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;

/**
 * One GPU device as the shared GPU backend code sees it: raw device memory, host transfers, kernel
 * launches on one in-order queue (CUDA: stream), and a wait for all of them. OpenCL and CUDA each
 * implement it; everything above it — which kernel runs for which op, with which arguments — is
 * written once.
 *
 * <p>Launches are asynchronous; reads to the host wait for the work before them.
 */
public abstract class GpuRuntime {
    private final Device device;
    private final MemoryPool pool;

    protected GpuRuntime(Device device, long memoryBytes) {
        this.device = device;
        this.pool = new MemoryPool(this, memoryBytes);
    }

    public final Device device() {
        return device;
    }

    /** The caching allocator through which all of this device's memory is obtained. */
    public final MemoryPool pool() {
        return pool;
    }

    /** A human-readable name of the hardware, e.g. "NVIDIA H100 80GB HBM3". */
    public abstract String name();

    /** Allocates {@code bytes} of device memory, or returns null when the device has none left. */
    protected abstract Object allocateRaw(long bytes);

    /** Frees memory obtained from {@link #allocateRaw}. */
    protected abstract void freeRaw(Object handle);

    /** Sets {@code bytes} bytes from the start of {@code handle} to zero (asynchronously). */
    public abstract void zero(Object handle, long bytes);

    /**
     * Copies {@code count} elements of a host array (float[], double[], long[] or byte[]) into device
     * memory at element {@code offset}; returns when the host array may be reused.
     */
    public abstract void write(Object handle, DType dtype, long offset, Object hostArray, int count);

    /** Copies {@code count} elements at element {@code offset} of device memory into a host array; waits for pending work. */
    public abstract void read(Object handle, DType dtype, long offset, Object hostArray, int count);

    /**
     * Enqueues kernel {@code kernel} of the program built from {@code source}.cl for element type
     * {@code dtype}, over {@code grid}, with {@code args}.
     */
    public abstract void launch(String source, DType dtype, String kernel, Grid grid, KernelArgs args);

    /** Waits until every enqueued operation has finished. */
    public abstract void synchronize();

    /**
     * Runs {@code work} (which enqueues kernels) between two device-side timestamps and returns the
     * device time between them in nanoseconds, after waiting for the work: the kernels' own time,
     * without the host's launch overhead that wall-clock timing includes.
     */
    public abstract long deviceNanos(Runnable work);

    /** The C type a dtype's elements have inside kernels. */
    public static String cType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT64 -> "long";
            case BOOL -> "uchar";
        };
    }

    /** The preprocessor definitions that select a program's element type T. */
    public static String typeDefines(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "-DCLARITAS_T=float -DT_IS_FLOAT";
            case FLOAT64 -> "-DCLARITAS_T=double -DT_IS_FLOAT -DT_IS_DOUBLE";
            case INT64 -> "-DCLARITAS_T=long -DT_IS_INT";
            case BOOL -> "-DCLARITAS_T=uchar -DT_IS_BOOL";
        };
    }
}
