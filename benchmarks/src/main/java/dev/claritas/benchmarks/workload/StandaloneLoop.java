package dev.claritas.benchmarks.workload;

import dev.claritas.tensor.MemoryFormat;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One workload timed alone in a fresh JVM, for comparing two builds with their jars alternated (the
 * side-by-side comparison with PyTorch is {@code compare-cpu.sh}). Prints the median wall time per
 * call, process CPU time per call, bytes allocated per call and the collector's work, e.g.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.claritas.benchmarks.workload.StandaloneLoop step dncnn 10 30
 * java ... StandaloneLoop conv 32-32k3@320 1 fwdbwd 2000 15
 * </pre>
 *
 * {@code step MODEL WARMUP_CALLS CALLS [nchw|cl]} (MODEL: dncnn = the demo's batch of 16 × 48², unet = 1 × 320²);
 * {@code conv LAYER BATCH fwd|fwdbwd WARMUP_MS CALLS [nchw|cl]}; the layout of the input, nchw unless given.
 */
public final class StandaloneLoop {
    private StandaloneLoop() {}

    public static void main(String[] args) {
        if ((args.length == 4 || args.length == 5) && args[0].equals("step")) {
            MemoryFormat format = Layout.parse(args.length == 5 ? args[4] : "nchw");
            TrainingStep step = switch (args[1]) {
                case "dncnn" -> TrainingStep.dncnn(16, 48, format);
                case "unet" -> TrainingStep.unet(1, 320, format);
                default -> throw new IllegalArgumentException("unknown model '" + args[1] + "' (dncnn or unet)");
            };
            int warmup = Integer.parseInt(args[2]);
            for (int i = 0; i < warmup; i++) {
                step.run();
            }
            report("step " + args[1], step::run, Integer.parseInt(args[3]));
        } else if ((args.length == 6 || args.length == 7) && args[0].equals("conv")) {
            ConvWorkload conv = new ConvWorkload(ConvLayer.parse(args[1]), Integer.parseInt(args[2]),
                    args[3].equals("fwdbwd"), Layout.parse(args.length == 7 ? args[6] : "nchw"));
            Supplier<Object> call = args[3].equals("fwdbwd") ? conv::forwardBackward : conv::forward;
            long end = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000L;
            while (System.nanoTime() < end) {
                call.get();
            }
            report("conv " + args[1] + " n" + args[2] + " " + args[3], call, Integer.parseInt(args[5]));
        } else {
            throw new IllegalArgumentException("usage: StandaloneLoop step dncnn|unet WARMUP_CALLS CALLS [nchw|cl]"
                    + " | conv LAYER BATCH fwd|fwdbwd WARMUP_MS CALLS [nchw|cl]");
        }
    }

    private static void report(String name, Supplier<?> call, int calls) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] millis = new double[calls];
        long allocated0 = threads.getTotalThreadAllocatedBytes();
        long cpu0 = os.getProcessCpuTime();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call.get();
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        double cpuPerCall = (os.getProcessCpuTime() - cpu0) / 1e6 / calls;
        double allocatedPerCall = (threads.getTotalThreadAllocatedBytes() - allocated0) / 1e6 / calls;
        Arrays.sort(millis);
        long collections = 0, collectionMillis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += gc.getCollectionCount();
            collectionMillis += gc.getCollectionTime();
        }
        System.out.printf("%s: median %.2f ms, process CPU %.1f ms per call, %.1f MB allocated per call,"
                + " %d collections (%d ms)%n", name, millis[calls / 2], cpuPerCall, allocatedPerCall, collections,
                collectionMillis);
    }
}
