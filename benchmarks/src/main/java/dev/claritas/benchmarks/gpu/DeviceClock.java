package dev.claritas.benchmarks.gpu;

import dev.claritas.kernels.gpu.GpuRuntime;
import dev.claritas.tensor.Backends;
import dev.claritas.tensor.Device;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times work on a device with the device's queue drained inside the measured region: wall time
 * from before the work is enqueued until the device has finished it, and — on a GPU — the device
 * time between timestamps enqueued just before and just after it. Also keeps the running totals
 * of device time that {@link DeviceTimeProfiler} reports per JMH iteration.
 */
final class DeviceClock {
    private static final AtomicLong DEVICE_NANOS = new AtomicLong();
    private static final AtomicLong CALLS = new AtomicLong();

    private final Device device;
    private final GpuRuntime runtime;

    DeviceClock(Device device) {
        this.device = device;
        this.runtime = Devices.runtime(device);
    }

    /** Whether this device has a clock of its own (a GPU); the CPU's device time is its wall time. */
    boolean hasDeviceTime() {
        return runtime != null;
    }

    /** Waits for everything already enqueued, so that a measurement starts on an idle device. */
    void drain() {
        Backends.synchronize(device);
    }

    /**
     * Runs {@code work} and waits for the device to finish it; returns the device nanoseconds it took
     * (-1 on the CPU). The caller times the call itself for the wall time.
     */
    long run(Runnable work) {
        if (runtime == null) {
            work.run();
            Backends.synchronize(device);
            return -1;
        }
        long nanos = runtime.deviceNanos(work);  // waits for the end timestamp, hence for the work
        runtime.synchronize();
        return nanos;
    }

    /** {@link #run} for one JMH invocation: adds its device time to the totals of the current iteration. */
    void runCounted(Runnable work) {
        long nanos = run(work);
        if (nanos >= 0) {
            DEVICE_NANOS.addAndGet(nanos);
            CALLS.incrementAndGet();
        }
    }

    /** Clears the totals (at the start of a JMH iteration). */
    static void resetTotals() {
        DEVICE_NANOS.set(0);
        CALLS.set(0);
    }

    /** Mean device milliseconds per counted call since the last reset, or NaN when none was counted. */
    static double meanCountedMillis() {
        long calls = CALLS.get();
        return calls == 0 ? Double.NaN : DEVICE_NANOS.get() / 1e6 / calls;
    }
}
