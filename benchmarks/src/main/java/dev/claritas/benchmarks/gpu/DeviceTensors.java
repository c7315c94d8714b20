package dev.claritas.benchmarks.gpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Random float32 inputs drawn on the CPU from a fixed seed and moved to the device (so every device
 * measures the same data), remembered so that {@link #close} can release them all.
 */
final class DeviceTensors implements AutoCloseable {
    private final Generator generator;
    private final Device device;
    private final List<Tensor> made = new ArrayList<>();

    DeviceTensors(long seed, Device device) {
        this.generator = new Generator(seed);
        this.device = device;
    }

    /** Standard normal values scaled by {@code std}. */
    Tensor normal(double std, int... shape) {
        return keep(Ops.normal(shape, 0, std, DType.FLOAT32, Device.CPU, generator).to(device));
    }

    /** Uniform values in [0, 1), like normalised image intensities. */
    Tensor uniform(int... shape) {
        return keep(Ops.uniform(shape, 0, 1, DType.FLOAT32, Device.CPU, generator).to(device));
    }

    private Tensor keep(Tensor t) {
        made.add(t);
        return t;
    }

    /** Releases every tensor made here (on the CPU this leaves them to the garbage collector). */
    @Override
    public void close() {
        made.forEach(DeviceTensors::release);
        made.clear();
    }

    /** Gives a tensor's device memory back now; null and CPU tensors are left alone. */
    static void release(Tensor t) {
        if (t != null && !t.device().equals(Device.CPU)) {
            t.close();
        }
    }
}
