package dev.claritas.benchmarks.gpu;

import dev.claritas.benchmarks.workload.TrainingStep;
import dev.claritas.tensor.Device;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step on each device: fastMRI's U-Net on one 1×320×320 image, the demo's DnCNN on its
 * 16 patches of 48² ({@link DeviceTrainingStep}). The {@code device} secondary result is the
 * device-event time from before the step's first kernel to after its last.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {SuiteDevice.ADD_MODULES, SuiteDevice.VECTOR_MODULE, SuiteDevice.NATIVE_ACCESS})
public class GpuTrainingStepBenchmark extends DeviceSuite {
    @Param({"unet", "dncnn"})
    public String model;

    @Override
    protected DeviceWork create(Device d, String benchmark) {
        TrainingStep.Batch demo = TrainingStep.dncnnDemoBatch();
        return switch (model) {
            case "unet" -> DeviceTrainingStep.unet(1, 320, d);
            case "dncnn" -> DeviceTrainingStep.dncnn(demo.count(), demo.size(), d);
            default -> throw new IllegalArgumentException("model must be unet or dncnn, got '" + model + "'");
        };
    }

    @Benchmark
    public void step() {
        measure();
    }
}
