package dev.claritas.benchmarks.compare;

import dev.claritas.benchmarks.workload.ConvLayer;
import dev.claritas.benchmarks.workload.FftShape;
import dev.claritas.benchmarks.workload.GemmShape;
import dev.claritas.benchmarks.workload.TrainingStep;
import java.util.ArrayList;
import java.util.List;

/**
 * What the comparison runs, and how many times. The quick plan keeps each kind of kernel but only
 * the layers the U-Net and the DnCNN actually train at, forward-only resampling, on two threads
 * (GEMM also on one, for the peak-fraction target), with fewer repetitions of the slow training
 * steps, so that it finishes in under five minutes on two cores; the full plan adds one thread
 * everywhere, the 2→32 first layer, 128² maps, batch 8, backward resampling and more shapes.
 */
final class Plan {
    /** The summary groups, in the order of the summary line. */
    static final List<String> GROUPS = List.of("conv_fwd", "conv_fwd_bwd", "fft2", "unet_step", "dncnn_step");

    private static final List<Peer> TORCH = List.of(Peer.TORCH);

    private final boolean quick;
    private final int repetitions;
    private final List<Benchmark> benchmarks = new ArrayList<>();

    private Plan(boolean quick) {
        this.quick = quick;
        this.repetitions = quick ? 5 : 11;
    }

    /** The benchmarks of the quick or the full comparison, in running order. */
    static List<Benchmark> of(boolean quick) {
        Plan plan = new Plan(quick);
        plan.gemm();
        plan.conv();
        plan.resample();
        plan.fft();
        plan.training();
        return List.copyOf(plan.benchmarks);
    }

    /** The thread counts of the plan's kernels. */
    static List<Integer> threadCounts(boolean quick) {
        return quick ? List.of(2) : List.of(1, 2);
    }

    private void gemm() {
        List<String> shapes = quick ? List.of("1024x1024x1024")
                : List.of("1024x1024x1024", "32x102400x288", "64x25600x576", "256x1600x2304", "32x288x102400");
        for (int threads : List.of(1, 2)) {
            for (String s : shapes) {
                add(null, "gemm " + s, threads, Spec.of("gemm", "shape", s), GemmShape.parse(s).flops(), TORCH);
            }
        }
    }

    private void conv() {
        // The U-Net's layers at the sizes it applies them (320² input, pooled to 160², 80², 40²) and the DnCNN's
        // 32→32 on its training batch of 16 patches of 48².
        List<String> layers = new ArrayList<>(List.of("1-32k3@320", "32-32k3@320", "64-64k3@160", "128-128k3@80",
                "256-256k3@40", "32-1k1@320", "64-32t2@160"));
        List<String> batch8 = List.of();
        if (!quick) {
            layers.addAll(List.of("2-32k3@320", "1-32k3@128", "2-32k3@128", "32-32k3@128", "64-64k3@128",
                    "128-128k3@128", "256-256k3@128"));
            batch8 = List.of("1-32k3@128", "32-32k3@128", "64-64k3@128", "128-128k3@128");
        }
        TrainingStep.Batch dncnn = TrainingStep.dncnnDemoBatch();
        for (String pass : List.of("fwd", "fwdbwd")) {
            String group = pass.equals("fwd") ? "conv_fwd" : "conv_fwd_bwd";
            for (int threads : threadCounts(quick)) {
                for (String layer : layers) {
                    conv(group, pass, layer, 1, threads);
                }
                conv(group, pass, "32-32k3@" + dncnn.size(), dncnn.count(), threads);
                for (String layer : batch8) {
                    conv(group, pass, layer, 8, threads);
                }
            }
        }
    }

    private void conv(String group, String pass, String name, int batch, int threads) {
        ConvLayer layer = ConvLayer.parse(name);
        double flops = pass.equals("fwd") ? layer.forwardFlops(batch) : layer.forwardBackwardFlops(batch);
        add(group, "conv " + pass + " " + name + " n" + batch, threads,
                Spec.of("conv", "layer", name, "n", Integer.toString(batch), "pass", pass), flops, TORCH);
    }

    private void resample() {
        // Pooling halves the U-Net's 32×320² maps, upsampling doubles 32×160² ones; the full plan adds the 256×40² level.
        List<int[]> maps = quick ? List.of(new int[] {32, 320}) : List.of(new int[] {32, 320}, new int[] {256, 40});
        for (int threads : threadCounts(quick)) {
            for (String pass : quick ? List.of("fwd") : List.of("fwd", "fwdbwd")) {
                for (int[] map : maps) {
                    for (String op : List.of("max", "avg", "nearest", "bilinear")) {
                        int size = op.equals("max") || op.equals("avg") ? map[1] : map[1] / 2;
                        add(null, op + " " + pass + " " + map[0] + "@" + size, threads, Spec.of("resample", "op", op,
                                "c", Integer.toString(map[0]), "size", Integer.toString(size), "n", "1", "pass", pass),
                                0, TORCH);
                    }
                }
            }
        }
    }

    private void fft() {
        List<String> shapes = quick ? List.of("1x320x320", "15x640x368") : List.of("1x320x320", "15x640x368", "15x640x372");
        for (int threads : threadCounts(quick)) {
            for (String s : shapes) {
                add("fft2", "fft2c " + s, threads, Spec.of("fft2c", "shape", s), FftShape.parse(s).flops(),
                        List.of(Peer.TORCH, Peer.JTRANSFORMS));
            }
        }
    }

    private void training() {
        TrainingStep.Batch dncnn = TrainingStep.dncnnDemoBatch();
        // A Claritas U-Net step takes seconds: three repetitions are what the quick plan can afford.
        int steps = quick ? 3 : repetitions;
        for (int threads : threadCounts(quick)) {
            benchmarks.add(new Benchmark("unet_step", "unet step n1 320", threads, unetStep(), 0, TORCH, steps));
            benchmarks.add(new Benchmark("dncnn_step", "dncnn step n" + dncnn.count() + " " + dncnn.size(), threads, dncnnStep(), 0,
                    TORCH, steps));
        }
    }

    /** A training step of fastMRI's U-Net on one 1×320×320 image. */
    static Spec unetStep() {
        return Spec.of("train", "model", "unet", "n", "1", "size", "320");
    }

    /** A training step of the demo's DnCNN on its training batch. */
    static Spec dncnnStep() {
        TrainingStep.Batch demo = TrainingStep.dncnnDemoBatch();
        return Spec.of("train", "model", "dncnn", "n", Integer.toString(demo.count()), "size", Integer.toString(demo.size()));
    }

    private void add(String group, String name, int threads, Spec spec, double flops, List<Peer> peers) {
        benchmarks.add(new Benchmark(group, name, threads, spec, flops, peers, repetitions));
    }
}
