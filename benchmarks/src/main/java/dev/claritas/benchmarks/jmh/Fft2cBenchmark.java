package dev.claritas.benchmarks.jmh;

import dev.claritas.benchmarks.workload.Fft2cWorkload;
import dev.claritas.benchmarks.workload.FftShape;
import dev.claritas.benchmarks.workload.JTransformsFft2c;
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

/**
 * fastMRI's centred orthonormal 2-D FFT ({@code BxHxW} complex images): one 320² knee slice and a
 * 15-coil 640×368 slice, by Claritas and, as the peer Java FFT, by JTransforms on the same data.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE})
public class Fft2cBenchmark {
    @Param({"1x320x320", "15x640x368"})
    public String kspace;

    private Fft2cWorkload claritas;
    private JTransformsFft2c jtransforms;

    @Setup
    public void setUp() {
        FftShape s = FftShape.parse(kspace);
        claritas = new Fft2cWorkload(s);
        jtransforms = new JTransformsFft2c(s, claritas.input());
    }

    @Benchmark
    public Tensor claritas() {
        return claritas.run();
    }

    @Benchmark
    public float[] jtransforms() {
        return jtransforms.run();
    }
}
