package dev.claritas.benchmarks.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Runs the CPU comparison of Claritas against PyTorch and JTransforms and prints its report; what
 * {@code benchmarks/compare-cpu.sh} runs. Options: {@code --quick}; {@code --only REGEX} (only the
 * benchmarks whose name matches); {@code --heap SIZE} (the Java workers' -Xmx, default 1g; {@code jvm}
 * for the JVM's own sizing); {@code --python PATH} and {@code --torch-worker PATH} (the
 * interpreter with torch and the worker script); {@code --command TEXT} (how the run was started,
 * echoed so that it can be reproduced).
 */
public final class CompareCpu {
    /**
     * The Java workers' maximum heap unless told otherwise. The training steps run in a scope, so
     * they reuse their memory and need little more than their working set (U-Net's step ~0.9 GB):
     * a bounded heap costs them no time, while the JVM's own sizing lets the heap grow with the
     * allocation of the first steps, which run before the vector loops are compiled.
     */
    static final String DEFAULT_HEAP = "1g";

    private final boolean quick;
    private final Pattern only;
    private final String command;
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private CompareCpu(boolean quick, Pattern only, String command) {
        this.quick = quick;
        this.only = only;
        this.command = command;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        CompareCpu compare = new CompareCpu(options.containsKey("--quick"),
                Pattern.compile(options.getOrDefault("--only", "")),
                options.getOrDefault("--command", "java " + CompareCpu.class.getName() + " " + String.join(" ", args)));
        String java = ProcessHandle.current().info().command().orElse("java");
        try (WorkerPool pool = new WorkerPool(java, System.getProperty("java.class.path"),
                options.getOrDefault("--heap", DEFAULT_HEAP),
                options.getOrDefault("--python", "/usr/bin/python3"),
                options.getOrDefault("--torch-worker", "benchmarks/scripts/torch_worker.py"))) {
            compare.run(pool);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> options.put(args[i], "");
                case "--only", "--heap", "--python", "--torch-worker", "--command" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    options.put(args[i], args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; usage: CompareCpu [--quick] [--only REGEX] [--heap SIZE] [--python PATH]"
                        + " [--torch-worker PATH]");
            }
        }
        return options;
    }

    private void run(WorkerPool pool) throws IOException, WorkerException {
        Instant start = Instant.now();
        // C2 compiles the Vector API loops ~1.5-2 s after their first call: a shorter warm-up times
        // the interpreter and C1 (quick runs of the pooling kernels swung 10-40x with 0.3 s)
        double warmup = quick ? 2 : 3;
        double repetition = quick ? 0.1 : 0.5;
        List<Benchmark> plan = Plan.of(quick).stream().filter(b -> only.matcher(b.name()).find()).toList();

        out.println("# Claritas CPU comparison: Claritas vs PyTorch (best of its variants) and JTransforms");
        out.println("command: " + command);
        out.println("date: " + start.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        out.println("machine: " + MachineInfo.describe());
        out.println("load average at start: " + MachineInfo.loadAverage());
        TreeSet<Integer> threadCounts = new TreeSet<>(plan.stream().map(Benchmark::threads).toList());
        threadCounts.add(1); // the FMA peak is measured on one thread
        for (int threads : threadCounts) {
            out.println("worker: " + pool.get(WorkerPool.Runtime.JAVA, threads).hello());
            out.println("worker: " + pool.get(WorkerPool.Runtime.PYTHON, threads).hello());
        }
        out.printf(Locale.ROOT, "method: per benchmark, each implementation warms up (>= %.1f s and %d calls, and"
                        + " until %d calls in a row and >= %.1f s bring no call 5%% faster than the fastest, at most %.0f s),"
                        + " then 'reps' rounds time one repetition (>= %.1f s of calls) of each, interleaved, the round's"
                        + " first rotating; medians; speed = peer median / Claritas median (> 1: Claritas faster)%n",
                warmup, TimedWorkload.MIN_WARMUP_CALLS, TimedWorkload.SETTLED_CALLS, warmup / 4,
                TimedWorkload.MAX_WARMUP_TIMES * warmup, repetition);
        Report report = new Report(out, fmaPeaks(pool, threadCounts));
        report.tableHeader();

        Race race = new Race(pool, warmup, repetition);
        List<Outcome> outcomes = new ArrayList<>();
        for (Benchmark b : plan) {
            Outcome o = race.run(b);
            outcomes.add(o);
            report.row(o);
        }
        out.println();
        peakMemory(pool, report);
        out.println("load average at end: " + MachineInfo.loadAverage());
        out.println("elapsed: " + Duration.between(start, Instant.now()).toSeconds() + " s");
        report.summary(outcomes);
    }

    /**
     * The FMA peak per thread count, for the percentages: one thread's measured peak times the
     * thread count. Several threads are measured too, and printed, but on a shared machine they
     * rarely all get a core at once, which would make an underestimate the yardstick.
     */
    private Map<Integer, Double> fmaPeaks(WorkerPool pool, TreeSet<Integer> threadCounts)
            throws IOException, WorkerException {
        String seconds = quick ? "1" : "3";
        double perThread = Double.parseDouble(pool.get(WorkerPool.Runtime.JAVA, 1).call("peak " + seconds));
        Map<Integer, Double> peaks = new TreeMap<>();
        for (int threads : threadCounts) {
            double measured = threads == 1 ? perThread
                    : Double.parseDouble(pool.get(WorkerPool.Runtime.JAVA, threads).call("peak " + seconds));
            peaks.put(threads, threads * perThread);
            out.printf(Locale.ROOT, "FMA peak, %d thread%s: %.1f GFLOP/s measured%s%n", threads, threads == 1 ? "" : "s",
                    measured, threads == 1 ? "" : String.format(Locale.ROOT, ", %.1f GFLOP/s (%d x one thread) used",
                            threads * perThread, threads));
        }
        return peaks;
    }

    /**
     * Peak RSS of the two training steps, each implementation in a process of its own that does
     * nothing else. The four processes run at once: memory, not time, is measured.
     */
    private void peakMemory(WorkerPool pool, Report report) {
        Map<String, Spec> steps = new LinkedHashMap<>();
        steps.put("unet", Plan.unetStep());
        steps.put("dncnn", Plan.dncnnStep());
        steps.keySet().removeIf(model -> !only.matcher("rss " + model).find());
        try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
            Map<String, List<Future<Long>>> peaks = new LinkedHashMap<>();
            steps.forEach((model, step) -> peaks.put(model, List.of(
                    executor.submit(() -> freshPeak(pool, WorkerPool.Runtime.JAVA, claritasStep(model, step))),
                    executor.submit(() -> freshPeak(pool, WorkerPool.Runtime.PYTHON, step.with("layout", "nchw"))))));
            for (Map.Entry<String, List<Future<Long>>> e : peaks.entrySet()) {
                report.memory(e.getKey(), e.getValue().get(0).get(), e.getValue().get(1).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            out.println("    peak memory failed: " + e.getCause());
        }
    }

    /** Claritas's step for the memory run, in the layout its timing runs in. */
    private static Spec claritasStep(String model, Spec step) {
        Spec claritas = step.with("impl", "claritas");
        return model.equals("unet") ? Race.withVariant(claritas, Race.UNET_LAYOUT) : claritas;
    }

    /** VmHWM after two training steps (the second is the first with the optimizer's state), or -1 on failure. */
    private long freshPeak(WorkerPool pool, WorkerPool.Runtime runtime, Spec step) {
        try (WorkerProcess worker = pool.fresh(runtime, 2)) {
            worker.call("prepare rss 0 0 " + step);
            return Long.parseLong(worker.call("rss"));
        } catch (IOException | WorkerException e) {
            out.println("    peak memory failed: " + e.getMessage());
            return -1;
        }
    }
}
