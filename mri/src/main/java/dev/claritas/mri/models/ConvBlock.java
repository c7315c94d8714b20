package dev.claritas.mri.models;

import dev.claritas.nn.Conv2d;
import dev.claritas.nn.Dropout2d;
import dev.claritas.nn.InstanceNorm2d;
import dev.claritas.nn.LeakyReLU;
import dev.claritas.nn.Module;
import dev.claritas.nn.Sequential;
import dev.claritas.tensor.Tensor;

/**
 * fastMRI's {@code ConvBlock} ({@code fastmri/models/unet.py}): twice a 3×3 convolution without
 * bias, instance normalisation, LeakyReLU(0.2) and channel dropout. Only the convolutions hold
 * weights: {@code layers.0.weight} and {@code layers.4.weight}.
 */
public final class ConvBlock extends Module {
    private final Sequential layers;

    public ConvBlock(int inChans, int outChans, double dropProb) {
        this.layers = registerModule("layers", new Sequential(
                new Conv2d(inChans, outChans, 3, 1, 1, false), new InstanceNorm2d(outChans), new LeakyReLU(0.2),
                new Dropout2d(dropProb),
                new Conv2d(outChans, outChans, 3, 1, 1, false), new InstanceNorm2d(outChans), new LeakyReLU(0.2),
                new Dropout2d(dropProb)));
    }

    /** [N, in, H, W] to [N, out, H, W]. */
    @Override
    public Tensor forward(Tensor image) {
        return layers.forward(image);
    }
}
