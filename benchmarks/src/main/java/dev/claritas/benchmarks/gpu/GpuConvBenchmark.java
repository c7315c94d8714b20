package dev.claritas.benchmarks.gpu;

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
 * conv2d forward, and forward and backward as training runs them, on each device: the U-Net's
 * layers at the sizes it applies them (batch 1) and the DnCNN's 32→32 on its 16 patches of 48²
 * ({@link ConvCase} names, the list of {@link GpuCases#CONV}). Each invocation waits for the device;
 * the {@code device} secondary result is the device-event time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {SuiteDevice.ADD_MODULES, SuiteDevice.VECTOR_MODULE, SuiteDevice.NATIVE_ACCESS})
public class GpuConvBenchmark extends DeviceSuite {
    @Param({"1-32k3@320", "32-32k3@320", "64-64k3@160", "128-128k3@80", "256-256k3@40", "32-1k1@320", "64-32t2@160",
            "32-32k3@48n16"})
    public String layer;

    @Override
    protected DeviceWork create(Device d, String benchmark) {
        return new DeviceConv(ConvCase.parse(layer), withBackward(benchmark), d);
    }

    @Benchmark
    public void forward() {
        measure();
    }

    /** Forward, then the weight gradient and (past a first layer) the input gradient. */
    @Benchmark
    public void forwardBackward() {
        measure();
    }
}
