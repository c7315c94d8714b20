package dev.claritas.benchmarks.gpu;

import dev.claritas.tensor.Device;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What every GPU suite shares: the {@code device} parameter, the work built for it, its clock (the
 * device-event time reported beside wall time) and its release. A suite adds its shape parameters,
 * says in {@link #create} what one call does, and has each benchmark method call {@link #measure}.
 */
@State(Scope.Benchmark)
public abstract class DeviceSuite {
    @Param({"cpu", "opencl:0", "cuda:0"})
    public String device;

    private DeviceClock clock;
    private DeviceWork work;
    private Runnable call;

    /** The work of one call on {@code d}; {@code benchmark} is the JMH method's full name. */
    protected abstract DeviceWork create(Device d, String benchmark);

    @Setup
    public void setUp(BenchmarkParams params) {
        Device d = SuiteDevice.open(device);
        clock = new DeviceClock(d);
        work = create(d, params.getBenchmark());
        call = work::call;
    }

    @TearDown
    public void tearDown() {
        if (work != null) {
            work.close();
        }
    }

    /** One call, synchronised with the device inside the measured region and counted for the device time. */
    protected final void measure() {
        clock.runCounted(call);
    }

    /** Whether the benchmark method is the forward+backward variant of a suite. */
    protected static boolean withBackward(String benchmark) {
        return benchmark.endsWith("forwardBackward");
    }
}
