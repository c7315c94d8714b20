package dev.claritas.benchmarks.gpu;

import dev.claritas.kernels.gpu.GpuBackend;
import dev.claritas.kernels.gpu.GpuRuntime;
import dev.claritas.tensor.Backends;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.spi.Backend;
import java.util.List;

/** Which devices this machine has, and the runtime of a GPU one (for device-event timing). */
final class Devices {
    /** The devices the suites ask for by default; those this machine lacks are skipped. */
    static final List<String> DEFAULT = List.of("cpu", "opencl:0", "cuda:0");

    private Devices() {}

    /** Null when {@code device} can run here, else why not (no backend, no driver, no such index). */
    static String unavailableReason(Device device) {
        try {
            Backends.of(device);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** The GPU runtime of {@code device}, or null for the CPU (which has no device clock). */
    static GpuRuntime runtime(Device device) {
        Backend b = Backends.of(device);
        return b instanceof GpuBackend gpu ? gpu.runtime(device) : null;
    }

    /** "cuda:0 (NVIDIA H100 80GB HBM3)", or just the device for the CPU. */
    static String describe(Device device) {
        GpuRuntime r = runtime(device);
        return r == null ? device.toString() : device + " (" + r.name() + ")";
    }
}
