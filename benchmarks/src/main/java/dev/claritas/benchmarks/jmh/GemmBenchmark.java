package dev.claritas.benchmarks.jmh;

import dev.claritas.benchmarks.workload.GemmShape;
import dev.claritas.benchmarks.workload.GemmWorkload;
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
 * Single-precision GEMM, C = A·B, at 1024³ (the peak-fraction target) and at the shapes of
 * U-Net layers lowered to GEMM ({@code MxNxK}: output channels × output pixels × input channels·9):
 * 32→32 at 320², 64→64 at 160², 256→256 at 40², and the weight gradient of 32→32 at 320².
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE})
public class GemmBenchmark {
    @Param({"1024x1024x1024", "32x102400x288", "64x25600x576", "256x1600x2304", "32x288x102400"})
    public String shape;

    private GemmWorkload gemm;

    @Setup
    public void setUp(BenchmarkParams params) {
        Twins.check(params);
        gemm = new GemmWorkload(GemmShape.parse(shape));
    }

    @Benchmark
    public float[] vector() {
        return gemm.run();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE, JvmFlags.SCALAR})
    public float[] scalar() {
        return gemm.run();
    }
}
