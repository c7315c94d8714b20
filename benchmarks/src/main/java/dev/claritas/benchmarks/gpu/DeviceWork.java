package dev.claritas.benchmarks.gpu;

/**
 * One benchmark's work on one device, its inputs already there. {@link #call} enqueues one
 * repetition of the work (it may return before the device has finished); {@link #close} gives the
 * inputs' device memory back.
 */
interface DeviceWork extends AutoCloseable {
    /** Runs (enqueues) the work once. */
    void call();

    /** Releases the device memory of the inputs. */
    @Override
    void close();
}
