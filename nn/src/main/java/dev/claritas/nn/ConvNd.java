package dev.claritas.nn;

import dev.claritas.nn.init.Init;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * What PyTorch's convolution layers share, whatever their rank and direction (its {@code _ConvNd}):
 * the weight and optional bias, initialised as PyTorch does, the geometry, its checks and the repr.
 * The weight is [out, in/groups, k...] for a convolution and [in, out/groups, k...] for a transposed
 * one. Subclasses say which op runs.
 *
 * <p>Initialisation: Kaiming-uniform with a = √5 (a bound of 1/√fan_in) and the bias from
 * U(±1/√fan_in), where fan_in is taken from the weight's dimensions as torch does: size(1)·Πk, which
 * for a transposed convolution counts its output channels, not its input channels.
 */
public abstract class ConvNd extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final int inChannels, outChannels, groups;
    private final int[] kernelSize, stride, padding, dilation, outputPadding;

    /** All of PyTorch's arguments; the arrays hold one value per spatial axis. */
    protected ConvNd(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                     boolean transposed, int[] outputPadding, int groups, boolean bias) {
        String name = getClass().getSimpleName();
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": in_channels " + inChannels + " and out_channels " + outChannels
                    + " must both be divisible by groups " + groups);
        }
        for (int[] perAxis : new int[][] {stride, padding, dilation, outputPadding}) {
            if (perAxis.length != kernelSize.length) {
                throw new IllegalArgumentException(name + ": kernel_size " + Repr.tuple(kernelSize) + ", stride "
                        + Repr.tuple(stride) + ", padding " + Repr.tuple(padding) + ", dilation " + Repr.tuple(dilation)
                        + " and output_padding " + Repr.tuple(outputPadding) + " need one value per spatial axis");
            }
        }
        for (int i = 0; i < kernelSize.length; i++) {
            if (outputPadding[i] >= Math.max(stride[i], dilation[i])) {
                throw new IllegalArgumentException(name + ": output_padding " + Repr.tuple(outputPadding)
                        + " must be smaller than either stride " + Repr.tuple(stride) + " or dilation " + Repr.tuple(dilation));
            }
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.outputPadding = outputPadding.clone();
        int[] shape = new int[kernelSize.length + 2];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = (transposed ? outChannels : inChannels) / groups;
        System.arraycopy(kernelSize, 0, shape, 2, kernelSize.length);
        Tensor w = Tensor.zeros(shape, DType.FLOAT32, Device.CPU);
        Init.kaimingUniform(w, Math.sqrt(5));
        this.weight = registerParameter("weight", w);
        if (bias) {
            double bound = 1 / Math.sqrt(Init.fanIn(w));
            this.bias = registerParameter("bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound));
        } else {
            this.bias = null;
        }
    }

    /** {@code n} copies of {@code value}: an int argument given for every spatial axis, as PyTorch expands it. */
    protected static int[] repeat(int value, int n) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** The bias' current value, or null: what the functional op takes. */
    protected final Tensor biasValue() {
        return bias == null ? null : bias.value();
    }

    protected final int inChannels() {
        return inChannels;
    }

    protected final int groups() {
        return groups;
    }

    protected final int[] stride() {
        return stride.clone();
    }

    protected final int[] padding() {
        return padding.clone();
    }

    protected final int[] dilation() {
        return dilation.clone();
    }

    protected final int[] outputPadding() {
        return outputPadding.clone();
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + Repr.tuple(kernelSize) + ", stride=" + Repr.tuple(stride)
                + (Arrays.stream(padding).anyMatch(v -> v != 0) ? ", padding=" + Repr.tuple(padding) : "")
                + (Arrays.stream(dilation).anyMatch(v -> v != 1) ? ", dilation=" + Repr.tuple(dilation) : "")
                + (Arrays.stream(outputPadding).anyMatch(v -> v != 0) ? ", output_padding=" + Repr.tuple(outputPadding) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=False" : "");
    }
}
