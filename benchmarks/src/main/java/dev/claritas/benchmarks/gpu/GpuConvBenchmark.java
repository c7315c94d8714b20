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
 * conv2d forward, and forward and backward as training runs them, on each device: the U-Net's
 * layers at the sizes it applies them (batch 1) and the DnCNN's 32→32 on its 16 patches of 48²
 * ({@link ConvCase} names, the list of {@link GpuCases#CONV}). Each invocation waits for the device;
 * the {@code device} secondary result is the device-event time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {SuiteDevice.ADD_MODULES, SuiteDevice.VECTOR_MODULE, SuiteDevice.NATIVE_ACCESS})
public class GpuConvBenchmark {
    @Param({"cpu", "opencl:0", "cuda:0"})
    public String device;

    @Param({"1-32k3@320", "32-32k3@320", "64-64k3@160", "128-128k3@80", "256-256k3@40", "32-1k1@320", "64-32t2@160",
            "32-32k3@48n16"})
    public String layer;

    private DeviceClock clock;
    private DeviceWork work;
    private Runnable call;

    @Setup
    public void setUp(BenchmarkParams params) {
        Device d = SuiteDevice.open(device);
        clock = new DeviceClock(d);
        work = new DeviceConv(ConvCase.parse(layer), params.getBenchmark().endsWith("forwardBackward"), d);
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

    /** Forward, then the weight gradient and (past a first layer) the input gradient. */
    @Benchmark
    public void forwardBackward() {
        clock.runCounted(call);
    }
}
