package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/**
 * Squeeze-and-excitation (Hu et al. 2018) over [N, C, H, W], as torchvision's
 * {@code ops.SqueezeExcitation(input_channels, squeeze_channels)} computes it: each channel's mean
 * over the image (the squeeze), a 1×1 convolution {@code fc1} to the squeezed width, ReLU, a 1×1
 * convolution {@code fc2} back to C, a sigmoid, and the input scaled channel by channel by the
 * result. The 1×1 convolutions, with biases, are the paper's two fully connected layers applied to a
 * [N, C, 1, 1] tensor; holding them as convolutions gives torchvision's keys ({@code fc1.weight}
 * [squeeze, C, 1, 1], {@code fc1.bias}, {@code fc2.weight}, {@code fc2.bias}).
 */
public class SqueezeExcitation extends Module {
    private final int channels;
    private final Conv2d fc1;
    private final Conv2d fc2;

    public SqueezeExcitation(int channels, int squeezeChannels) {
        if (channels < 1 || squeezeChannels < 1) {
            throw new IllegalArgumentException("SqueezeExcitation: channels must be positive, got " + channels
                    + " and squeeze channels " + squeezeChannels);
        }
        this.channels = channels;
        this.fc1 = registerModule("fc1", new Conv2d(channels, squeezeChannels, 1));
        this.fc2 = registerModule("fc2", new Conv2d(squeezeChannels, channels, 1));
    }

    /** The paper's form: {@code channels / reduction} squeezed channels (at least one); the paper uses a reduction of 16. */
    public static SqueezeExcitation withReduction(int channels, int reduction) {
        if (reduction < 1) {
            throw new IllegalArgumentException("SqueezeExcitation: reduction must be positive, got " + reduction);
        }
        return new SqueezeExcitation(channels, Math.max(1, channels / reduction));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(1) != channels) {
            throw new IllegalArgumentException("SqueezeExcitation(" + channels + "): expects input [N, " + channels
                    + ", H, W], got " + x.shape());
        }
        Tensor squeezed = x.mean(new int[] {2, 3}, true);
        Tensor scale = fc2.forward(fc1.forward(squeezed).relu()).sigmoid();
        return x.mul(scale);
    }
}
