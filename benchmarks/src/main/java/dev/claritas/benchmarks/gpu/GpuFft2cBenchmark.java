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
import org.openjdk.jmh.annotations.Warmup;

/**
 * fastMRI's centred orthonormal 2-D FFT ({@code BxHxW} complex images: one 320² knee slice, one
 * 15-coil 640×368 slice) on each device; the {@code device} secondary result is the device-event time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {SuiteDevice.ADD_MODULES, SuiteDevice.VECTOR_MODULE, SuiteDevice.NATIVE_ACCESS})
public class GpuFft2cBenchmark extends DeviceSuite {
    @Param({"1x320x320", "15x640x368"})
    public String kspace;

    @Override
    protected DeviceWork create(Device d, String benchmark) {
        return new DeviceFft2c(FftShape.parse(kspace), d);
    }

    @Benchmark
    public void fft2c() {
        measure();
    }
}
