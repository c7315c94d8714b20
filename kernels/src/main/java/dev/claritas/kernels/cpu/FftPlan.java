package dev.claritas.kernels.cpu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A precomputed unnormalised forward complex FFT of one length: {@code X[k] = sum_j x[j]
 * exp(-2 pi i jk / n)} over {@code n} interleaved (re, im) doubles. Plans are immutable and shared
 * between threads; the working memory a transform needs is passed in by the caller.
 *
 * <p>All arithmetic is in double, also for float data, so one plan per length serves both
 * precisions and the cache is keyed by length alone.
 */
abstract sealed class FftPlan permits FftMixedRadixPlan, FftBluesteinPlan {
    /**
     * Lengths whose prime factors are all at most this use mixed radix; others use Bluestein. A
     * generic radix-p butterfly costs about p complex multiply-adds per point, Bluestein three
     * power-of-two FFTs of at least twice the length plus chirp products. Measured single-threaded,
     * the generic butterfly is about 3x faster for 368 = 16 * 23 and 2x for 372 = 12 * 31; the
     * exact crossover was not searched for.
     */
    static final int LARGEST_MIXED_RADIX_PRIME = 31;

    private static final ConcurrentHashMap<Integer, FftPlan> CACHE = new ConcurrentHashMap<>();

    /** Number of complex points transformed. */
    final int length;

    FftPlan(int length) {
        this.length = length;
    }

    /** The shared plan for {@code n} points, built on first use. */
    static FftPlan forLength(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be positive: " + n);
        }
        FftPlan plan = CACHE.get(n);
        if (plan == null) {
            // Built outside the map: a Bluestein plan asks the cache for its power-of-two plan,
            // and ConcurrentHashMap forbids recursive computeIfAbsent.
            FftPlan built = build(n);
            plan = CACHE.putIfAbsent(n, built);
            if (plan == null) {
                plan = built;
            }
        }
        return plan;
    }

    private static FftPlan build(int n) {
        return largestPrimeFactor(n) <= LARGEST_MIXED_RADIX_PRIME
                ? new FftMixedRadixPlan(n)
                : new FftBluesteinPlan(n);
    }

    static int largestPrimeFactor(int n) {
        int largest = 1;
        int rest = n;
        for (int p = 2; (long) p * p <= rest; p++) {
            while (rest % p == 0) {
                largest = p;
                rest /= p;
            }
        }
        return Math.max(largest, rest);
    }

    /** Doubles of scratch memory {@link #forward} needs. */
    abstract int scratchLength();

    /**
     * Transforms {@code data[offset, offset + 2n)} in place.
     *
     * @param scratch working memory: {@code scratch[0, scratchLength())} must not overlap the data
     *     (it may be the same array)
     */
    abstract void forward(double[] data, int offset, double[] scratch);
}
