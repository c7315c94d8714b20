package dev.claritas.benchmarks.gpu;

import dev.claritas.mri.denoise.DenoiserTraining;
import dev.claritas.mri.models.DnCNN;
import dev.claritas.mri.models.UNet;
import dev.claritas.nn.L1Loss;
import dev.claritas.nn.Loss;
import dev.claritas.nn.MSELoss;
import dev.claritas.nn.Module;
import dev.claritas.nn.Parameter;
import dev.claritas.nn.optim.Adam;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/**
 * One training step on one device — zero the gradients, forward, loss, backward, Adam, read the
 * loss — of the models, seeds and batches of {@link dev.claritas.benchmarks.workload.TrainingStep}:
 * fastMRI's U-Net (32 channels, 4 poolings) with L1 loss, and the demo's DnCNN with MSE loss.
 * Memory is handled as {@link Scope}'s documentation says training should: the step's temporaries
 * in a scope, the optimizer (whose state must live on) outside it (buffers that the forward pass
 * replaces, such as BatchNorm's running statistics, leave the scope by themselves).
 */
final class DeviceTrainingStep implements DeviceWork {
    private final Module model;
    private final Loss loss;
    private final Adam adam;
    private final DeviceTensors tensors;
    private final Tensor input;
    private final Tensor target;
    private double lastLoss = Double.NaN;

    private DeviceTrainingStep(Module model, Loss loss, long seed, int batch, int size, Device device) {
        this.model = model.to(device);
        this.loss = loss;
        this.adam = new Adam(model.parameters(), 1e-3);
        this.tensors = new DeviceTensors(seed, device);
        this.input = tensors.uniform(batch, 1, size, size);
        this.target = tensors.uniform(batch, 1, size, size);
        model.train();
    }

    /** fastMRI's U-Net on {@code batch} images of 1×size×size. */
    static DeviceTrainingStep unet(int batch, int size, Device device) {
        Generator.manualSeed(5); // the initial weights, as the CPU benchmark
        return new DeviceTrainingStep(new UNet(1, 1, 32, 4, 0.0), new L1Loss(), 5, batch, size, device);
    }

    /** The demo's DnCNN on {@code batch} patches of 1×size×size. */
    static DeviceTrainingStep dncnn(int batch, int size, Device device) {
        Generator.manualSeed(6);
        DenoiserTraining.Config demo = DenoiserTraining.Config.defaults();
        return new DeviceTrainingStep(new DnCNN(demo.depth(), demo.channels()), new MSELoss(), 6, batch, size, device);
    }

    @Override
    public void call() {
        Tensor value;
        try (Scope scope = Scope.open()) {
            adam.zeroGrad();
            value = scope.keep(loss.apply(model.forward(input), target));
            value.backward();
        }
        adam.step();
        lastLoss = value.item();
        DeviceTensors.release(value);
    }

    /** The loss of the last step (before its update), NaN before the first. */
    double lastLoss() {
        return lastLoss;
    }

    @Override
    public void close() {
        tensors.close();
        for (Parameter p : model.parameters()) {
            DeviceTensors.release(p.grad());
            DeviceTensors.release(p.value());
        }
    }
}
