package dev.claritas.benchmarks.gpu;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.benchmarks.workload.FftShape;
import dev.claritas.benchmarks.workload.GemmShape;
import dev.claritas.kernels.gpu.GpuRuntime;
import dev.claritas.tensor.Backends;
import dev.claritas.tensor.Device;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmarks' work runs call after call on every device here (the CPU; PoCL's opencl:0 where
 * installed), on small shapes: what one call releases (its scope, the gradients it drops) must not be
 * what the next call needs. On a device whose kernels for an op are not written yet the case is
 * skipped, as the runner reports it n/a.
 */
class DeviceWorkTest {
    static Stream<Device> devices() {
        return Backends.devices().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void kernelsRunRepeatedly(Device device) {
        runTwice(device, d -> new DeviceConv(ConvCase.parse("3-4k3@8n2"), true, d));
        runTwice(device, d -> new DeviceConv(ConvCase.parse("1-4k3@8"), true, d));
        runTwice(device, d -> new DeviceConv(ConvCase.parse("4-2t2@4"), true, d));
        runTwice(device, d -> new DeviceConv(ConvCase.parse("4-2k1@6"), false, d));
        runTwice(device, d -> new DevicePool("max", 2, 3, 8, true, d));
        runTwice(device, d -> new DevicePool("avg", 1, 3, 8, false, d));
        runTwice(device, d -> new DeviceFft2c(FftShape.parse("2x8x6"), d));
        runTwice(device, d -> new DeviceGemm(GemmShape.parse("8x5x6"), d));
    }

    /**
     * The DnCNN step — BatchNorm, whose running statistics the forward pass replaces inside the step's
     * scope — runs step after step; its first loss (same initial weights, same data) is the CPU's, and
     * the second differs from it. (Later losses are not compared: Adam's first updates, about
     * lr·sign(gradient), turn float32 rounding differences into parameter differences of lr.) The
     * U-Net step, the same code path with 7.8 M parameters, takes seconds on PoCL and is left to the runner.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void trainingStepRunsRepeatedlyAndStartsFromTheCpusLoss(Device device) {
        checkSteps(() -> DeviceTrainingStep.dncnn(2, 12, Device.CPU), () -> DeviceTrainingStep.dncnn(2, 12, device), "DnCNN");
    }

    private static void checkSteps(Supplier<DeviceTrainingStep> onCpu, Supplier<DeviceTrainingStep> onDevice, String model) {
        double cpuFirst;
        try (DeviceTrainingStep cpu = skipIfUnsupported(onCpu)) {
            cpuFirst = cpu.lastLoss();
        }
        try (DeviceTrainingStep step = skipIfUnsupported(onDevice)) {
            double first = step.lastLoss();
            assertEquals(cpuFirst, first, 1e-5 * Math.abs(cpuFirst), model + ": first loss");
            step.call();
            assertTrue(Double.isFinite(step.lastLoss()), model + ": second loss " + step.lastLoss());
            assertNotEquals(first, step.lastLoss(), model + ": the first step updated the model");
        }
    }

    /** Two more calls after the first; on a GPU each gives back all the memory it took (its scope, the gradients). */
    private static void runTwice(Device device, Function<Device, DeviceWork> setup) {
        GpuRuntime runtime = Devices.runtime(device);
        try (DeviceWork work = skipIfUnsupported(() -> setup.apply(device))) {
            long before = runtime == null ? 0 : runtime.pool().bytesInUse();
            assertDoesNotThrow(work::call);
            assertDoesNotThrow(work::call);
            Backends.synchronize(device);
            if (runtime != null) {
                assertEquals(before, runtime.pool().bytesInUse(), "device bytes in use after two more calls");
            }
        }
    }

    /**
     * The work after one call (an op the device lacks shows up when its work is enqueued), or the test
     * skipped when the device lacks one of its kernels.
     */
    private static <W extends DeviceWork> W skipIfUnsupported(Supplier<W> setup) {
        W work = null;
        try {
            work = setup.get();
            work.call();
            return work;
        } catch (RuntimeException e) {
            if (work != null) {
                work.close();
            }
            String why = Failures.describe(e);
            Assumptions.assumeFalse(why.startsWith("n/a"), why);
            throw e;
        }
    }
}
