package dev.claritas.benchmarks.compare;

import java.util.function.Supplier;

/**
 * A workload warmed up and sized for timing. A repetition is as many calls as fill the target
 * time, so that short kernels are not measured at the clock's resolution and long ones (a training
 * step) are one call. The Python worker follows the same rules.
 */
final class TimedWorkload {
    /** Fewest warm-up calls, whatever the warm-up time: the first call also pays for class loading and the JIT. */
    static final int MIN_WARMUP_CALLS = 2;
    /**
     * Calls in a row, and at least a quarter of the warm-up time, without a call 5 % faster than the fastest
     * before it, after which the workload counts as settled: the JIT compiles a training step's
     * kernels over several seconds and dozens of calls (a DnCNN step ran 57-78 ms after 10 warm-up
     * calls, 46-57 ms after 60), and a fixed warm-up would time part of that.
     */
    static final int SETTLED_CALLS = 5;
    /** A call counts as faster when it takes at most this fraction of the fastest before it. */
    private static final double FASTER = 0.95;
    /** The longest warm-up, in warm-up times, for a workload that keeps getting faster. */
    static final double MAX_WARMUP_TIMES = 10;

    private final Supplier<Object> call;
    private int callsPerRepetition = 1;
    /** The last result, kept so that no call is dead code to the JIT. */
    private Object sink;

    TimedWorkload(Supplier<Object> call) {
        this.call = call;
    }

    /**
     * Calls the workload for at least {@code warmupSeconds} and {@link #MIN_WARMUP_CALLS}, and on
     * until it has settled ({@link #SETTLED_CALLS}), then sizes a repetition.
     */
    void warmUp(double warmupSeconds, double repetitionSeconds) {
        long start = System.nanoTime(), fasterAt = start;
        double fastest = Double.POSITIVE_INFINITY, last = 0;
        int sinceFaster = 0;
        for (int calls = 1; ; calls++) {
            long t = System.nanoTime();
            sink = call.get();
            last = seconds(t);
            if (last <= FASTER * fastest) {
                sinceFaster = 0;
                fasterAt = System.nanoTime();
            } else {
                sinceFaster++;
            }
            fastest = Math.min(fastest, last);
            boolean settled = sinceFaster >= SETTLED_CALLS && seconds(fasterAt) >= warmupSeconds / 4;
            double elapsed = seconds(start);
            if (calls >= MIN_WARMUP_CALLS && elapsed >= warmupSeconds
                    && (settled || elapsed >= MAX_WARMUP_TIMES * warmupSeconds)) {
                break;
            }
        }
        // No System.gc() here: a full collection shrinks G1's heap, and the timed calls then pay for
        // growing it again (more collections, fresh pages faulted in): a 32-32k3@320 forward measured
        // 15-26 ms after one and 12.6-13.5 ms without, against a steady state no real run leaves.
        callsPerRepetition = (int) Math.max(1, Math.ceil(repetitionSeconds / Math.max(last, 1e-9)));
    }

    /** One repetition: the mean seconds per call. */
    double time() {
        long start = System.nanoTime();
        for (int i = 0; i < callsPerRepetition; i++) {
            sink = call.get();
        }
        return seconds(start) / callsPerRepetition;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
