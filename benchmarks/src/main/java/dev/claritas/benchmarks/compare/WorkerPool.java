package dev.claritas.benchmarks.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts workers on demand, one per runtime and thread count, and restarts one that died (say, of
 * running out of memory). Only one worker computes at a time; the others wait on their stdin.
 */
final class WorkerPool implements AutoCloseable {
    /** The two kinds of worker process. */
    enum Runtime { JAVA, PYTHON }

    private final String javaExecutable;
    private final String classPath;
    private final String heap;
    private final String python;
    private final String torchWorker;
    private final Map<String, WorkerProcess> running = new HashMap<>();

    /**
     * @param javaExecutable the JVM for Java workers
     * @param classPath their class path (the benchmarks jar)
     * @param heap their maximum heap as -Xmx takes it, or {@code jvm} for the JVM's own sizing
     * @param python the interpreter that has torch
     * @param torchWorker the path of {@code torch_worker.py}
     */
    WorkerPool(String javaExecutable, String classPath, String heap, String python, String torchWorker) {
        if (!heap.equals("jvm") && !heap.matches("\\d+[kmgKMG]?")) {
            throw new IllegalArgumentException("--heap takes a size as -Xmx does (e.g. 1g, 1536m) or 'jvm', not '"
                    + heap + "'");
        }
        this.javaExecutable = javaExecutable;
        this.classPath = classPath;
        this.heap = heap;
        this.python = python;
        this.torchWorker = torchWorker;
    }

    /** The worker of this runtime and thread count, started if it is not running. */
    WorkerProcess get(Runtime runtime, int threads) throws IOException, WorkerException {
        String key = runtime + "/" + threads;
        WorkerProcess worker = running.get(key);
        if (worker == null || !worker.isAlive()) {
            worker = start(runtime, threads);
            running.put(key, worker);
        }
        return worker;
    }

    /** A new worker outside the pool, for a measurement that needs a process of its own (peak memory); close it after use. */
    WorkerProcess fresh(Runtime runtime, int threads) throws IOException, WorkerException {
        return start(runtime, threads);
    }

    private WorkerProcess start(Runtime runtime, int threads) throws IOException, WorkerException {
        String t = Integer.toString(threads);
        return switch (runtime) {
            case JAVA -> {
                List<String> command = new ArrayList<>(List.of(javaExecutable, "--add-modules", "jdk.incubator.vector"));
                if (!heap.equals("jvm")) {
                    command.add("-Xmx" + heap);
                }
                // The CPU kernels split loops over the common pool plus the calling thread.
                command.addAll(List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=" + (threads - 1),
                        "-cp", classPath, JavaWorker.class.getName(), "--threads", t));
                yield new WorkerProcess("java worker (" + t + " threads, heap " + heap + ")", command, Map.of());
            }
            case PYTHON -> new WorkerProcess("torch worker (" + t + " threads)",
                    List.of(python, torchWorker, "--threads", t), Map.of());
        };
    }

    @Override
    public void close() {
        List<WorkerProcess> all = new ArrayList<>(running.values());
        running.clear();
        all.forEach(WorkerProcess::close);
    }
}
