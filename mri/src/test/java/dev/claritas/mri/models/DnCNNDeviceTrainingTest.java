package dev.claritas.mri.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.nn.optim.Adam;
import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training with every tensor on a device gives the CPU's loss curve: the same DnCNN, the same data
 * and the same Adam steps on the CPU and on each other device, compared step by step. The curves
 * start identical and drift only by float32 rounding (different summation orders in the kernels).
 */
class DnCNNDeviceTrainingTest {
    private static final int STEPS = 200;

    static Stream<Device> otherDevices() {
        return Backends.devices().stream().filter(d -> !d.equals(Device.CPU));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherDevices")
    void lossCurveMatchesTheCpu(Device device) {
        double[] cpu = train(Device.CPU);
        double[] other = train(device);
        for (int step = 0; step < STEPS; step++) {
            double tolerance = 1e-4 * Math.abs(cpu[step]) + 1e-3 * Math.abs(cpu[step]) * step / STEPS;
            assertEquals(cpu[step], other[step], tolerance, "loss at step " + step + " on " + device);
        }
        assertTrue(cpu[STEPS - 1] < 0.5 * cpu[0], "the model learns: loss " + cpu[0] + " -> " + cpu[STEPS - 1]);
    }

    /** Denoising smooth random images; all randomness is drawn on the CPU and moved, so both runs see the same data. */
    private static double[] train(Device device) {
        Generator.manualSeed(7);
        DnCNN model = new DnCNN(4, 8);
        model.to(device);
        Adam adam = new Adam(model.parameters(), 1e-2);
        Generator data = new Generator(11);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            int[] shape = {4, 1, 24, 24};
            Tensor clean = Ops.avgPool2d(Ops.uniform(shape, 0, 1, DType.FLOAT32, Device.CPU, data),
                    new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, false, true).to(device);
            Tensor noisy = clean.add(Ops.normal(shape, 0, 0.1, DType.FLOAT32, Device.CPU, data).to(device));
            Tensor loss = model.forward(noisy).sub(clean).square().mean();
            adam.zeroGrad();
            loss.backward();
            adam.step();
            losses.add(loss.item());
        }
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
