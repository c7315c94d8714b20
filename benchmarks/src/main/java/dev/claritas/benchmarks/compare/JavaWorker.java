package dev.claritas.benchmarks.compare;

import dev.claritas.tensor.Backends;

import dev.claritas.benchmarks.workload.FmaPeak;
import dev.claritas.kernels.cpu.Vectorization;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.visnow.jlargearrays.ConcurrencyUtils;

/**
 * The Java side of the comparison: runs Claritas (and JTransforms) workloads on command, speaking
 * the protocol of {@link dev.claritas.benchmarks.compare}. The thread count is fixed when the JVM
 * starts ({@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=threads-1}, which the CPU
 * kernels split their loops over) and passed as {@code --threads} for JTransforms and the FMA peak.
 */
public final class JavaWorker {
    private final int threads;
    private final Map<String, TimedWorkload> workloads = new HashMap<>();

    private JavaWorker(int threads) {
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--threads")) {
            throw new IllegalArgumentException("usage: JavaWorker --threads N");
        }
        int threads = Integer.parseInt(args[1]);
        ConcurrencyUtils.setNumberOfThreads(threads);
        // Only protocol lines may reach stdout: anything a library prints goes to stderr instead.
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        protocol.println("hello claritas java=" + Runtime.version() + " vector=" + Vectorization.ENABLED + " threads=" + threads
                + " max_heap=" + (Runtime.getRuntime().maxMemory() >> 20) + "MiB");
        JavaWorker worker = new JavaWorker(threads);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            protocol.println(worker.answer(line.trim().split("\\s+")));
        }
    }

    /** The reply to one command; failures, out-of-memory included, become an error reply rather than a dead worker. */
    private String answer(String[] words) {
        try {
            return "ok " + execute(words);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            workloads.remove(words.length > 1 ? words[1] : "");
            String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            return "error " + e.getClass().getSimpleName() + ": " + message;
        }
    }

    private String execute(String[] words) throws Exception {
        return switch (words[0]) {
            case "prepare" -> {
                workloads.remove(words[1]); // let a previous workload's memory go before building the next
                TimedWorkload w = new TimedWorkload(Workloads.create(Spec.parse(words, 4)));
                w.warmUp(Double.parseDouble(words[2]), Double.parseDouble(words[3]));
                workloads.put(words[1], w);
                yield "";
            }
            case "time" -> {
                TimedWorkload w = workloads.get(words[1]);
                if (w == null) {
                    throw new IllegalStateException("no workload " + words[1] + " (time before a successful prepare)");
                }
                yield Double.toString(w.time());
            }
            case "release" -> {
                workloads.remove(words[1]);
                if (workloads.isEmpty()) {
                    // the next benchmark starts without this one's cached arrays crowding the heap,
                    // as PyTorch's CPU allocator hands memory back at once
                    Backends.emptyCache();
                }
                yield "";
            }
            case "rss" -> Long.toString(PeakMemory.kib());
            case "peak" -> Double.toString(FmaPeak.gflops(threads, Double.parseDouble(words[1])));
            default -> throw new IllegalArgumentException("unknown command '" + words[0] + "'");
        };
    }
}
