package dev.claritas.benchmarks.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Device;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's pieces that decide what is printed: names, timing rules, failure notes, line format. */
class GpuRunnerPartsTest {
    @Test
    void convCaseNamesCarryTheBatch() {
        ConvCase dncnn = ConvCase.parse("32-32k3@48n16");
        assertEquals(16, dncnn.batch());
        assertEquals(48, dncnn.layer().size());
        assertEquals("32-32k3@48 n16", dncnn.label());
        assertEquals("64-32t2@160 n1", ConvCase.parse("64-32t2@160").label());
        assertThrows(IllegalArgumentException.class, () -> ConvCase.parse("32-32k3@48n0"));
        assertThrows(IllegalArgumentException.class, () -> ConvCase.parse("conv"));
    }

    @Test
    void benchmarkNamesAreUniqueAndTheBigGemmIsGpuOnly() {
        List<GpuCase> cases = GpuCases.all();
        assertEquals(cases.size(), new HashSet<>(cases.stream().map(GpuCase::name).toList()).size());
        assertEquals(List.of("gemm 4096x4096x4096"), cases.stream().filter(GpuCase::gpuOnly).map(GpuCase::name).toList());
        assertTrue(cases.stream().anyMatch(c -> c.name().equals("conv fwdbwd 32-32k3@48 n16")));
        assertTrue(cases.stream().anyMatch(c -> c.name().equals("dncnn step n16 48")));
    }

    @Test
    void unsupportedOpsAreReportedAsNotAvailableOthersAsErrors() {
        RuntimeException wrapped = new IllegalStateException("launch failed",
                new UnsupportedOperationException("not implemented\n on the GPU yet"));
        assertEquals("n/a: not implemented on the GPU yet", Failures.describe(wrapped));
        assertEquals("error: IllegalArgumentException: bad shape", Failures.describe(new IllegalArgumentException("bad\tshape")));
    }

    @Test
    void linesAreTabSeparatedWithDashForMissingDeviceTime() {
        assertEquals("b\tcpu\tclaritas\t1.5000\t-\t3\t2\t", new Timing(1.5, Double.NaN, 3, 2, "").line("b", "cpu"));
        assertEquals("b\tcuda:0\tclaritas\tn/a\tn/a\t0\t0\tn/a: x y", Timing.failed("n/a: x\ty").line("b", "cuda:0"));
        assertEquals(8, Timing.header().split("\t").length);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2, Repetitions.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Repetitions.median(new double[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(Repetitions.median(new double[] {1, Double.NaN})));
    }

    @Test
    void measureWarmsUpThenRunsTheRepetitions() {
        CountingWork work = new CountingWork(0);
        Timing t = new Repetitions(5, 0, 0, 30).measure(work, new DeviceClock(Device.CPU));
        assertEquals(5, t.reps());
        assertEquals(1, t.calls());
        assertEquals(Repetitions.MIN_WARMUP_CALLS + 5, work.calls);
        assertTrue(Double.isNaN(t.deviceMs()), "the CPU has no device clock");
        assertEquals("", t.note());
    }

    @Test
    void measureCutsRepetitionsToTheBudget() {
        Timing t = new Repetitions(50, 0, 0, 0.05).measure(new CountingWork(10), new DeviceClock(Device.CPU));
        assertTrue(t.reps() >= 3 && t.reps() < 50, "reps " + t.reps());
        assertTrue(t.note().startsWith("reps cut to"), t.note());
        assertTrue(t.wallMs() >= 10, "each call sleeps 10 ms: " + t.wallMs());
    }

    @Test
    void unavailableDevicesHaveAReason() {
        assertNull(Devices.unavailableReason(Device.CPU));
        String reason = Devices.unavailableReason(Device.parse("nosuchbackend:0"));
        assertTrue(reason != null && reason.contains("nosuchbackend"), reason);
        assertFalse(new DeviceClock(Device.CPU).hasDeviceTime());
    }

    /** Work that counts its calls and sleeps {@code millis} in each. */
    private static final class CountingWork implements DeviceWork {
        private final long millis;
        int calls;

        CountingWork(long millis) {
            this.millis = millis;
        }

        @Override
        public void call() {
            calls++;
            if (millis > 0) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void close() {}
    }
}
