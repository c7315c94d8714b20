package dev.claritas.benchmarks.jmh;

import dev.claritas.benchmarks.workload.FmaPeak;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FMA peak of one thread, which kernels are reported as a fraction of. Read the secondary
 * result {@code fma:flops}: floating-point operations per nanosecond, i.e. GFLOP/s. Run with
 * {@code -t 2} for two threads at once.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {JvmFlags.ADD_MODULES, JvmFlags.VECTOR_MODULE})
@Threads(1)
public class FmaPeakBenchmark {
    private static final int ITERATIONS = 1 << 16;

    /** Counts operations as JMH counts invocations, so it reports them as a rate whatever the vector width. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double flops;

        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    @Benchmark
    public float fma(Flops counter) {
        counter.flops += FmaPeak.flops(ITERATIONS);
        return FmaPeak.run(ITERATIONS);
    }
}
