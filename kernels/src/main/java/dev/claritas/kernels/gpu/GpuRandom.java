package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.Distribution;
import dev.claritas.tensor.spi.View;

/**
 * Counter-based random numbers ({@code random.cl}), bit-identical to the CPU backend's: element i
 * hashes (seed, offset + i) with SplitMix64 in 64-bit unsigned arithmetic and maps the hash to the
 * distribution in double before rounding to the element type. Normal draws go through the device's
 * log and cos, so in float64 they may differ from the CPU's in the last bit where those functions
 * round differently from Java's.
 */
final class GpuRandom {
    private GpuRandom() {}

    static void fill(GpuRuntime r, Distribution dist, View dst, long seed, long offset, double a, double b) {
        int n = dst.numel();
        if (n == 0) {
            return;
        }
        r.launch("random", dst.dtype(), "random_fill", Grid.linear(n),
                new KernelArgs().i(dist.ordinal()).l(seed).l(offset).d(a).d(b).view(dst).l(n));
    }
}
