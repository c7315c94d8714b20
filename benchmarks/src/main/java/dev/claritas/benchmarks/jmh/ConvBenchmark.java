package dev.claritas.benchmarks.jmh;

import dev.claritas.benchmarks.workload.ConvLayer;
import dev.claritas.benchmarks.workload.ConvWorkload;
import dev.claritas.benchmarks.workload.Layout;
import dev.claritas.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Convolution layers of the U-Net and the DnCNN ({@link ConvLayer} names): the 1→32 and 2→32 first
 * layers, 32→32 up to 256→256 at 3×3, the U-Net's final 1×1 and its 2×2 stride-2 transposed
 * upsampling, at 320² and 128². 256→256 runs at 128² only: at 320² and batch 8 one forward pass
 * is a teraflop, minutes per call at today's speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE})
public class ConvBenchmark {
    @Param({"1-32k3@320", "2-32k3@320", "32-32k3@320", "64-64k3@320", "128-128k3@320", "32-1k3@320",
            "1-32k3@128", "2-32k3@128", "32-32k3@128", "64-64k3@128", "128-128k3@128", "256-256k3@128",
            "32-1k3@128", "32-1k1@320", "64-32t2@160"})
    public String layer;

    @Param({"1", "8"})
    public int batch;

    /** nchw or cl (channels-last input and output gradient). */
    @Param({"nchw", "cl"})
    public String layout;

    private ConvWorkload conv;

    @Setup
    public void setUp(BenchmarkParams params) {
        Twins.check(params);
        boolean backward = params.getBenchmark().contains("forwardBackward");
        conv = new ConvWorkload(ConvLayer.parse(layer), batch, backward, Layout.parse(layout));
    }

    @Benchmark
    public Tensor forward() {
        return conv.forward();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE, JvmFlags.SCALAR})
    public Tensor forwardScalar() {
        return conv.forward();
    }

    /** Forward and the backward pass training needs (weight gradient; input gradient past the first layer). */
    @Benchmark
    public Tensor forwardBackward() {
        return conv.forwardBackward();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE, JvmFlags.SCALAR})
    public Tensor forwardBackwardScalar() {
        return conv.forwardBackward();
    }
}
