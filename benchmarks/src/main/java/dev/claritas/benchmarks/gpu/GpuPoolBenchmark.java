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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * 2×2 max and average pooling, forward and forward+backward, of one image's feature maps at each
 * U-Net level ({@code channels@size}) on each device; the {@code device} secondary result is the
 * device-event time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {SuiteDevice.ADD_MODULES, SuiteDevice.VECTOR_MODULE, SuiteDevice.NATIVE_ACCESS})
public class GpuPoolBenchmark {
    @Param({"cpu", "opencl:0", "cuda:0"})
    public String device;

    @Param({"max", "avg"})
    public String op;

    @Param({"32@320", "64@160", "128@80", "256@40"})
    public String map;

    private DeviceClock clock;
    private DeviceWork work;
    private Runnable call;

    @Setup
    public void setUp(BenchmarkParams params) {
        Device d = SuiteDevice.open(device);
        String[] parts = map.split("@");
        clock = new DeviceClock(d);
        work = new DevicePool(op, 1, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                params.getBenchmark().endsWith("forwardBackward"), d);
        call = work::call;
    }

    @TearDown
    public void tearDown() {
        if (work != null) {
            work.close();
        }
    }

    @Benchmark
    public void forward() {
        clock.runCounted(call);
    }

    @Benchmark
    public void forwardBackward() {
        clock.runCounted(call);
    }
}
