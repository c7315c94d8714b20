package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.Distribution;
import dev.claritas.tensor.spi.View;

/**
 * Counter-based random numbers: element i of a draw is a hash of (seed, offset + i), so any device
 * or thread split gives the same values. The hash is the SplitMix64 finaliser, applied twice.
 */
final class CpuRandom {
    private static final double TWO_POW_53 = 0x1.0p-53;

    private CpuRandom() {}

    static long hash(long seed, long counter) {
        return mix(seed ^ mix(counter + 0x9E3779B97F4A7C15L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform on [0, 1) with 53 random bits. */
    static double uniform(long seed, long counter) {
        return (hash(seed, counter) >>> 11) * TWO_POW_53;
    }

    static void fill(Distribution dist, View dst, long seed, long offset, double a, double b) {
        Object d = Buffers.array(dst);
        int base = dst.offset();
        Parallel.forRange(dst.numel(), 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                long c = offset + i;
                double v = switch (dist) {
                    case UNIFORM -> a + (b - a) * uniform(seed, c);
                    case BERNOULLI -> uniform(seed, c) < a ? 1 : 0;
                    case NORMAL -> a + b * standardNormal(seed, c);
                };
                Buffers.set(d, base + i, v);
            }
        });
    }

    /** Box-Muller from two independent uniforms derived from one counter. */
    private static double standardNormal(long seed, long counter) {
        double u1 = 1 - uniform(seed, 2 * counter);      // in (0, 1], so the log is finite
        double u2 = uniform(seed, 2 * counter + 1);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
