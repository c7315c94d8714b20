package dev.claritas.benchmarks.gpu;

import dev.claritas.tensor.Device;
import java.util.function.Function;

/**
 * One benchmark of the runner: its name (the same string the PyTorch peer prints, so the two can be
 * joined), whether it is measured on GPUs only, and how to set up its work on a device.
 */
record GpuCase(String name, boolean gpuOnly, Function<Device, DeviceWork> setup) {
    /** The work on {@code device}, inputs in place. */
    DeviceWork create(Device device) {
        return setup.apply(device);
    }
}
