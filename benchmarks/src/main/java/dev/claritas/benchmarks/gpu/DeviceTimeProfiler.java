package dev.claritas.benchmarks.gpu;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds the secondary result {@code device} (ms/op) to the GPU suites: the mean device-event time of
 * an invocation in each iteration, averaged over iterations like the primary wall-time score.
 * (An {@code @AuxCounters} counter cannot do this: JMH sums event counters over iterations and
 * divides operation counters by wall time.) {@link GpuJmh} adds it; with JMH's own main pass
 * {@code -prof dev.claritas.benchmarks.gpu.DeviceTimeProfiler}. Runs inside the forked JVM, where the
 * benchmark adds to {@link DeviceClock}'s totals; CPU runs have no device time and get no result.
 */
public final class DeviceTimeProfiler implements InternalProfiler {
    /** For JMH, which instantiates profilers reflectively. */
    public DeviceTimeProfiler() {}

    @Override
    public String getDescription() {
        return "device-event time per invocation (ms/op) of the dev.claritas GPU suites";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        DeviceClock.resetTotals();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        double ms = DeviceClock.meanCountedMillis();
        return Double.isNaN(ms) ? List.of() : List.of(new ScalarResult("device", ms, "ms/op", AggregationPolicy.AVG));
    }
}
