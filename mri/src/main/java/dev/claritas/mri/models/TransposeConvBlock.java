package dev.claritas.mri.models;

import dev.claritas.nn.ConvTranspose2d;
import dev.claritas.nn.InstanceNorm2d;
import dev.claritas.nn.LeakyReLU;
import dev.claritas.nn.Module;
import dev.claritas.nn.Sequential;
import dev.claritas.tensor.Tensor;

/**
 * fastMRI's {@code TransposeConvBlock} ({@code fastmri/models/unet.py}): a 2×2 transposed
 * convolution of stride 2 without bias, which doubles the height and width, then instance
 * normalisation and LeakyReLU(0.2). Its one weight is {@code layers.0.weight} [in, out, 2, 2].
 */
public final class TransposeConvBlock extends Module {
    private final Sequential layers;

    public TransposeConvBlock(int inChans, int outChans) {
        this.layers = registerModule("layers", new Sequential(
                new ConvTranspose2d(inChans, outChans, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                        new int[] {0, 0}, 1, false, new int[] {1, 1}),
                new InstanceNorm2d(outChans), new LeakyReLU(0.2)));
    }

    /** [N, in, H, W] to [N, out, 2H, 2W]. */
    @Override
    public Tensor forward(Tensor image) {
        return layers.forward(image);
    }
}
