package dev.claritas.benchmarks.jmh;

import dev.claritas.benchmarks.workload.ResampleOp;
import dev.claritas.benchmarks.workload.ResampleWorkload;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * 2×2 max and average pooling and ×2 nearest and bilinear upsampling, forward and forward+backward,
 * on input maps of the U-Net's levels ({@code channels@size}: 32@320 down to 256@40). These ops are
 * memory-bound and have no vector twin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE})
public class ResampleBenchmark {
    @Param({"max", "avg", "nearest", "bilinear"})
    public String op;

    @Param({"32@320", "64@160", "128@80", "256@40"})
    public String map;

    @Param({"1", "8"})
    public int batch;

    private ResampleWorkload resample;

    @Setup
    public void setUp(BenchmarkParams params) {
        String[] parts = map.split("@");
        boolean backward = params.getBenchmark().endsWith("forwardBackward");
        resample = new ResampleWorkload(ResampleOp.of(op), batch, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                backward);
    }

    @Benchmark
    public Tensor forward() {
        return resample.forward();
    }

    @Benchmark
    public Tensor forwardBackward() {
        return resample.forwardBackward();
    }
}
