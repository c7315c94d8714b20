package dev.claritas.benchmarks.gpu;

import java.util.Arrays;

/**
 * How the runner measures one piece of work, and how {@code python_peer.py} measures PyTorch's: warm
 * up (at least {@link #MIN_WARMUP_CALLS} calls and {@code warmupMs}, each call waited for); choose
 * the calls per repetition so that one lasts about {@code minRepMs} (short kernels are then not
 * dominated by the wait at the end); run {@code reps} repetitions, each drained before it starts and
 * waited for at its end; report medians per call. When the estimate exceeds {@code budgetS}, fewer
 * calls and then fewer repetitions (not under 3, or {@code reps} if fewer) are run, and the note says so.
 */
record Repetitions(int reps, double warmupMs, double minRepMs, double budgetS) {
    static final int MIN_WARMUP_CALLS = 2;
    private static final int MIN_REPS = 3;

    Repetitions {
        if (reps < 1 || warmupMs < 0 || minRepMs < 0 || budgetS <= 0) {
            throw new IllegalArgumentException("bad repetition settings: reps=" + reps + " warmupMs=" + warmupMs
                    + " minRepMs=" + minRepMs + " budgetS=" + budgetS);
        }
    }

    /** Measures {@code work} on the clock's device. */
    Timing measure(DeviceWork work, DeviceClock clock) {
        long start = System.nanoTime();
        double lastMs;
        int warm = 0;
        do {
            clock.drain();
            long t = System.nanoTime();
            clock.run(work::call);
            lastMs = (System.nanoTime() - t) / 1e6;
            warm++;
        } while (warm < MIN_WARMUP_CALLS || (System.nanoTime() - start) / 1e6 < warmupMs);

        int calls = Math.max(1, (int) Math.ceil(minRepMs / Math.max(lastMs, 1e-6)));
        int n = reps;
        String note = "";
        double budgetMs = budgetS * 1e3;
        if (n * calls * lastMs > budgetMs) {
            calls = Math.max(1, (int) (budgetMs / (n * lastMs)));
            int fitting = Math.max(Math.min(MIN_REPS, n), (int) (budgetMs / lastMs));
            if (fitting < n) {
                n = fitting;
                note = "reps cut to " + n + " to stay within " + budgetS + " s";
            }
        }

        double[] wall = new double[n];
        double[] device = new double[n];
        int k = calls;
        Runnable batch = () -> {
            for (int i = 0; i < k; i++) {
                work.call();
            }
        };
        for (int r = 0; r < n; r++) {
            clock.drain();
            long t0 = System.nanoTime();
            long deviceNanos = clock.run(batch);
            wall[r] = (System.nanoTime() - t0) / 1e6 / k;
            device[r] = deviceNanos < 0 ? Double.NaN : deviceNanos / 1e6 / k;
        }
        return new Timing(median(wall), median(device), n, k, note);
    }

    /** The median (mean of the middle two for an even count); NaN if any value is NaN. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);  // NaN sorts last
        if (v.length == 0 || Double.isNaN(v[v.length - 1])) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
