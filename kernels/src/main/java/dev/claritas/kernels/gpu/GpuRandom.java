package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.*;

/** Counter-based random numbers, bit-identical to the CPU backend's. */
final class GpuRandom {
    private GpuRandom() {}

    static void fill(GpuRuntime r, Distribution dist, View dst, long seed, long offset, double a, double b) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }
}
