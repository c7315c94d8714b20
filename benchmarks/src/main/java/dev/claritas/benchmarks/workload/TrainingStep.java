package dev.claritas.benchmarks.workload;

import dev.claritas.mri.denoise.DenoiserTraining;
import dev.claritas.mri.models.DnCNN;
import dev.claritas.mri.models.UNet;
import dev.claritas.nn.L1Loss;
import dev.claritas.nn.Loss;
import dev.claritas.nn.MSELoss;
import dev.claritas.nn.Module;
import dev.claritas.nn.optim.Adam;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.MemoryFormat;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/** One training step of an MRI model on a fixed batch: zero the gradients, forward, loss, backward, Adam. */
public final class TrainingStep {
    private final Module model;
    private final Loss loss;
    private final Adam adam;
    private final Tensor input;
    private final Tensor target;

    private TrainingStep(Module model, Loss loss, Tensor input, Tensor target) {
        this.model = model;
        this.loss = loss;
        this.adam = new Adam(model.parameters(), 1e-3);
        this.input = input;
        this.target = target;
        model.train();
    }

    /**
     * fastMRI's U-Net (32 channels, 4 poolings, no dropout) on {@code batch} images of 1×size×size
     * laid out in {@code format}, with fastMRI's L1 loss.
     */
    public static TrainingStep unet(int batch, int size, MemoryFormat format) {
        Generator.manualSeed(5); // the initial weights
        Inputs random = new Inputs(5);
        return new TrainingStep(new UNet(1, 1, 32, 4, 0.0), new L1Loss(),
                random.uniform(batch, 1, size, size).contiguous(format), random.uniform(batch, 1, size, size).contiguous(format));
    }

    /** The demo's DnCNN on {@code batch} patches of 1×size×size laid out in {@code format}, with its MSE loss. */
    public static TrainingStep dncnn(int batch, int size, MemoryFormat format) {
        Generator.manualSeed(6);
        Inputs random = new Inputs(6);
        DenoiserTraining.Config demo = DenoiserTraining.Config.defaults();
        return new TrainingStep(new DnCNN(demo.depth(), demo.channels()), new MSELoss(),
                random.uniform(batch, 1, size, size).contiguous(format), random.uniform(batch, 1, size, size).contiguous(format));
    }

    /** A batch of {@code count} single-channel images of {@code size}×{@code size}. */
    public record Batch(int count, int size) {}

    /** The batch the demo trains its DnCNN on ({@code ./claritas train denoise}): 16 patches of 48². */
    public static Batch dncnnDemoBatch() {
        DenoiserTraining.Config demo = DenoiserTraining.Config.defaults();
        return new Batch(demo.batchSize(), demo.patchSize());
    }

    /**
     * Runs one step and returns its loss. Forward and backward run in a scope, so each step reuses
     * the memory of the one before; the optimizer's state outlives it.
     */
    public double run() {
        adam.zeroGrad();
        double lossValue;
        try (Scope scope = Scope.open()) {
            Tensor value = loss.apply(model.forward(input), target);
            value.backward();
            lossValue = value.item();
        }
        adam.step();
        return lossValue;
    }
}
