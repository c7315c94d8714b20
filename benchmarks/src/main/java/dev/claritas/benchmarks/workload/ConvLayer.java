package dev.claritas.benchmarks.workload;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One convolution layer of an MRI model, named {@code IN-OUTkK@SIZE} for a K×K convolution of stride 1
 * and "same" padding (K/2) on SIZE×SIZE images, or {@code IN-OUTt2@SIZE} for the U-Net's 2×2
 * stride-2 transposed convolution, which doubles SIZE. No bias, as in fastMRI's U-Net.
 *
 * @param inChannels input channels
 * @param outChannels output channels
 * @param kernel kernel height and width
 * @param transposed whether this is a stride-2 transposed convolution (kernel 2)
 * @param size input height and width
 */
public record ConvLayer(int inChannels, int outChannels, int kernel, boolean transposed, int size) {
    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)([kt])(\\d+)@(\\d+)");

    public ConvLayer {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || size < 1 || (transposed && kernel != 2)) {
            throw new IllegalArgumentException("bad conv layer " + inChannels + "-" + outChannels
                    + (transposed ? "t" : "k") + kernel + "@" + size);
        }
    }

    /** Parses a name such as {@code 32-32k3@320} or {@code 64-32t2@160}. */
    public static ConvLayer parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("conv layer '" + name + "' is not IN-OUTkK@SIZE or IN-OUTt2@SIZE");
        }
        return new ConvLayer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)),
                m.group(3).equals("t"), Integer.parseInt(m.group(5)));
    }

    /** Stride of the layer: 2 for the transposed upsampling, else 1. */
    public int stride() {
        return transposed ? 2 : 1;
    }

    /** Padding on each side: K/2 for a convolution, none for the transposed one. */
    public int padding() {
        return transposed ? 0 : kernel / 2;
    }

    /**
     * Whether training needs the gradient of this layer's input. A first layer (one or two input
     * channels: a magnitude or complex image) reads data, not activations, so frameworks skip it.
     */
    public boolean inputNeedsGrad() {
        return inChannels > 2;
    }

    /** Floating-point operations of a forward pass on {@code batch} images (a multiply-add counts two). */
    public double forwardFlops(int batch) {
        // A "same" convolution has SIZE² outputs of IN·K² terms per output channel; the stride-2 transposed one
        // spreads each of its SIZE² inputs over K² outputs. Either way: SIZE²·IN·OUT·K² multiply-adds.
        return 2.0 * batch * inChannels * outChannels * kernel * kernel * (double) size * size;
    }

    /** Operations of forward and backward: the weight gradient costs one forward, the input gradient another. */
    public double forwardBackwardFlops(int batch) {
        return forwardFlops(batch) * (inputNeedsGrad() ? 3 : 2);
    }

    @Override
    public String toString() {
        return inChannels + "-" + outChannels + (transposed ? "t" : "k") + kernel + "@" + size;
    }
}
