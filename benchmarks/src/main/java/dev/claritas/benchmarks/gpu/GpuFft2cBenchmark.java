package dev.claritas.benchmarks.gpu;

import dev.claritas.benchmarks.workload.FftShape;
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

/**
 * fastMRI's centred orthonormal 2-D FFT ({@code BxHxW} complex images: one 320² knee slice, one
 * 15-coil 640×368 slice) on each device; the {@code device} secondary result is the device-event time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {SuiteDevice.ADD_MODULES, SuiteDevice.VECTOR_MODULE, SuiteDevice.NATIVE_ACCESS})
public class GpuFft2cBenchmark {
    @Param({"cpu", "opencl:0", "cuda:0"})
    public String device;

    @Param({"1x320x320", "15x640x368"})
    public String kspace;

    private DeviceClock clock;
    private DeviceWork work;
    private Runnable call;

    @Setup
    public void setUp() {
        Device d = SuiteDevice.open(device);
        clock = new DeviceClock(d);
        work = new DeviceFft2c(FftShape.parse(kspace), d);
        call = work::call;
    }

    @TearDown
    public void tearDown() {
        if (work != null) {
            work.close();
        }
    }

    @Benchmark
    public void fft2c() {
        clock.runCounted(call);
    }
}
