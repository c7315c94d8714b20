package dev.claritas.kernels.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Splits loops over the cores. Work is cut into fixed chunks that do not depend on the thread
 * count, and each output element is computed by one chunk, so results are bitwise identical
 * however many threads run.
 */
public final class Parallel {
    /** Below this many scalar operations a loop runs on the calling thread. */
    public static final long MIN_WORK = 1 << 15;

    private Parallel() {}

    /** A body that processes the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Number of threads loops are split over. */
    public static int threads() {
        return ForkJoinPool.getCommonPoolParallelism() + 1;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of at least {@code grain} items, in parallel
     * when {@code n * costPerItem} is worth it.
     */
    public static void forRange(int n, int grain, long costPerItem, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        if (chunks == 1 || (long) n * costPerItem < MIN_WORK || threads() == 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * g, Math.min(n, (c + 1) * g)));
    }

    /** Like {@link #forRange} with chunks sized to give each thread a few of them. */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        int grain = Math.max(1, n / (threads() * 4));
        forRange(n, grain, costPerItem, body);
    }
}
