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

    private final Supplier<Object> call;
    private int callsPerRepetition = 1;
    /** The last result, kept so that no call is dead code to the JIT. */
    private Object sink;

    TimedWorkload(Supplier<Object> call) {
        this.call = call;
    }

    /** Calls the workload for at least {@code warmupSeconds} and {@link #MIN_WARMUP_CALLS}, then sizes a repetition. */
    void warmUp(double warmupSeconds, double repetitionSeconds) {
        long start = System.nanoTime();
        double last = 0;
        for (int calls = 0; calls < MIN_WARMUP_CALLS || seconds(start) < warmupSeconds; calls++) {
            long t = System.nanoTime();
            sink = call.get();
            last = seconds(t);
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
