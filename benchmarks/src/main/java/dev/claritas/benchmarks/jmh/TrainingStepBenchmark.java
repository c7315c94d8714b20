package dev.claritas.benchmarks.jmh;

import dev.claritas.benchmarks.workload.Layout;
import dev.claritas.benchmarks.workload.TrainingStep;
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
 * One training step (zero grad, forward, loss, backward, Adam) end to end: fastMRI's U-Net
 * (32 channels, 4 poolings) on one 1×320×320 image with L1 loss, and the demo's DnCNN(8, 32) on
 * the batch of patches it trains with (16 of 48×48), with MSE loss. A step takes seconds, so
 * iterations are single steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE})
public class TrainingStepBenchmark {
    @Param({"unet", "dncnn"})
    public String model;

    /** nchw or cl (the batch channels-last, so the convolutions run channels-last). */
    @Param({"nchw", "cl"})
    public String layout;

    private TrainingStep step;

    @Setup
    public void setUp(BenchmarkParams params) {
        Twins.check(params);
        TrainingStep.Batch demo = TrainingStep.dncnnDemoBatch();
        step = model.equals("unet") ? TrainingStep.unet(1, 320, Layout.parse(layout))
                : TrainingStep.dncnn(demo.count(), demo.size(), Layout.parse(layout));
    }

    @Benchmark
    public double step() {
        return step.run();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE, JvmFlags.SCALAR})
    public double stepScalar() {
        return step.run();
    }
}
