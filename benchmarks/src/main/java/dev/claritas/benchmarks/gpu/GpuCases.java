package dev.claritas.benchmarks.gpu;

import dev.claritas.benchmarks.workload.FftShape;
import dev.claritas.benchmarks.workload.GemmShape;
import dev.claritas.benchmarks.workload.TrainingStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's benchmarks, named as {@code benchmarks/gpu/python_peer.py} names them: the shapes of
 * the CPU comparison's quick plan ({@code compare-cpu.sh --quick}) — the U-Net's layers at the sizes it
 * applies them and the DnCNN's 32→32 on its 16 patches of 48², pooling of the U-Net's 32×320² maps,
 * the two fastMRI FFT sizes, the two training steps — plus backward pooling and a 4096³ GEMM, which
 * GPUs need to be busy and the CPU takes too long for.
 */
final class GpuCases {
    /** The conv cases ({@link ConvCase} names): U-Net layers at batch 1, the DnCNN layer on its training batch. */
    static final List<String> CONV = List.of("1-32k3@320", "32-32k3@320", "64-64k3@160", "128-128k3@80",
            "256-256k3@40", "32-1k1@320", "64-32t2@160", "32-32k3@48n16");
    static final List<String> GEMM = List.of("1024x1024x1024", "4096x4096x4096");
    static final List<String> FFT = List.of("1x320x320", "15x640x368");
    /** Pooled maps, {@code channels@size}, batch 1: the U-Net's first level. */
    static final int POOL_CHANNELS = 32;
    static final int POOL_SIZE = 320;

    private GpuCases() {}

    /** Every benchmark, in running order. */
    static List<GpuCase> all() {
        List<GpuCase> cases = new ArrayList<>();
        for (String s : GEMM) {
            GemmShape shape = GemmShape.parse(s);
            cases.add(new GpuCase("gemm " + s, shape.m() > 1024, d -> new DeviceGemm(shape, d)));
        }
        for (String pass : List.of("fwd", "fwdbwd")) {
            boolean backward = pass.equals("fwdbwd");
            for (String s : CONV) {
                ConvCase c = ConvCase.parse(s);
                cases.add(new GpuCase("conv " + pass + " " + c.label(), false, d -> new DeviceConv(c, backward, d)));
            }
        }
        for (String pass : List.of("fwd", "fwdbwd")) {
            boolean backward = pass.equals("fwdbwd");
            for (String op : List.of("max", "avg")) {
                cases.add(new GpuCase(op + " " + pass + " " + POOL_CHANNELS + "@" + POOL_SIZE, false,
                        d -> new DevicePool(op, 1, POOL_CHANNELS, POOL_SIZE, backward, d)));
            }
        }
        for (String s : FFT) {
            FftShape shape = FftShape.parse(s);
            cases.add(new GpuCase("fft2c " + s, false, d -> new DeviceFft2c(shape, d)));
        }
        cases.add(new GpuCase("unet step n1 320", false, d -> DeviceTrainingStep.unet(1, 320, d)));
        TrainingStep.Batch demo = TrainingStep.dncnnDemoBatch();
        cases.add(new GpuCase("dncnn step n" + demo.count() + " " + demo.size(), false,
                d -> DeviceTrainingStep.dncnn(demo.count(), demo.size(), d)));
        return List.copyOf(cases);
    }
}
