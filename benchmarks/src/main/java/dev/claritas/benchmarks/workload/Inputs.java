package dev.claritas.benchmarks.workload;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/** Random float32 CPU inputs from a fixed seed, so every run measures the same data. */
final class Inputs {
    private final Generator generator;

    Inputs(long seed) {
        this.generator = new Generator(seed);
    }

    /** Standard normal values. */
    Tensor normal(int... shape) {
        return Ops.normal(shape, 0, 1, DType.FLOAT32, Device.CPU, generator);
    }

    /** Uniform values in [0, 1), like normalised image intensities. */
    Tensor uniform(int... shape) {
        return Ops.uniform(shape, 0, 1, DType.FLOAT32, Device.CPU, generator);
    }

    /** Standard normal values scaled by {@code std}, for weights of a plausible magnitude. */
    Tensor scaledNormal(double std, int... shape) {
        return Ops.normal(shape, 0, std, DType.FLOAT32, Device.CPU, generator);
    }
}
