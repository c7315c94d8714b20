package dev.claritas.benchmarks.gpu;

import dev.claritas.benchmarks.workload.GemmShape;
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
 * Float32 matrix products {@code MxNxK} through {@code Tensor.matmul} on each device: 1024³ and 4096³
 * (a GPU shape: on a CPU one call takes about a second; select it away with {@code -p shape=...}).
 * The {@code device} secondary result is the device-event time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {SuiteDevice.ADD_MODULES, SuiteDevice.VECTOR_MODULE, SuiteDevice.NATIVE_ACCESS})
public class GpuGemmBenchmark extends DeviceSuite {
    @Param({"1024x1024x1024", "4096x4096x4096"})
    public String shape;

    @Override
    protected DeviceWork create(Device d, String benchmark) {
        return new DeviceGemm(GemmShape.parse(shape), d);
    }

    @Benchmark
    public void matmul() {
        measure();
    }
}
