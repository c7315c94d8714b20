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
 * 2×2 max and average pooling, forward and forward+backward, of one image's feature maps at each
 * U-Net level ({@code channels@size}) on each device; the {@code device} secondary result is the
 * device-event time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {SuiteDevice.ADD_MODULES, SuiteDevice.VECTOR_MODULE, SuiteDevice.NATIVE_ACCESS})
public class GpuPoolBenchmark extends DeviceSuite {
    @Param({"max", "avg"})
    public String op;

    @Param({"32@320", "64@160", "128@80", "256@40"})
    public String map;

    @Override
    protected DeviceWork create(Device d, String benchmark) {
        String[] parts = map.split("@");
        return new DevicePool(op, 1, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), withBackward(benchmark), d);
    }

    @Benchmark
    public void forward() {
        measure();
    }

    @Benchmark
    public void forwardBackward() {
        measure();
    }
}
