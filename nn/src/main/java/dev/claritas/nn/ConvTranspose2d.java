package dev.claritas.nn;

import dev.claritas.nn.init.Init;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Transposed 2-D convolution over [N, C, H, W], PyTorch's {@code nn.ConvTranspose2d}: weight
 * [in, out/groups, kH, kW], optional bias [out]. Output size per axis is
 * (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1.
 *
 * <p>Initialised as PyTorch does: Kaiming-uniform with a = √5 and the bias from U(±1/√fan_in),
 * where fan_in is PyTorch's for this weight layout, size(1)·kH·kW = out/groups·kH·kW (not the
 * input channels: torch computes the fan from the tensor's dimensions, whatever the layer).
 */
public class ConvTranspose2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final int[] stride, padding, outputPadding, dilation;
    private final int groups;

    /** A square kernel and stride, as U-Nets upsample ({@code kernelSize = stride = 2}); no padding, with bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {0, 0},
                new int[] {0, 0}, 1, true, new int[] {1, 1});
    }

    /** All of PyTorch's arguments, in its order; the arrays are (h, w) pairs. */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                           int[] outputPadding, int groups, boolean bias, int[] dilation) {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose2d: in_channels " + inChannels + " and out_channels "
                    + outChannels + " must both be divisible by groups " + groups);
        }
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] >= Math.max(stride[i], dilation[i])) {
                throw new IllegalArgumentException("ConvTranspose2d: output_padding " + Repr.tuple(outputPadding)
                        + " must be smaller than either stride " + Repr.tuple(stride) + " or dilation " + Repr.tuple(dilation));
            }
        }
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.outputPadding = outputPadding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        Tensor w = Tensor.zeros(new int[] {inChannels, outChannels / groups, kernelSize[0], kernelSize[1]}, DType.FLOAT32, Device.CPU);
        Init.kaimingUniform(w, Math.sqrt(5));
        this.weight = registerParameter("weight", w);
        if (bias) {
            double bound = 1 / Math.sqrt(Init.fanIn(w));
            this.bias = registerParameter("bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound));
        } else {
            this.bias = null;
        }
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.convTranspose2d(x, weight.value(), bias == null ? null : bias.value(), stride, padding, outputPadding,
                groups, dilation);
    }

    @Override
    protected String extraRepr() {
        Tensor w = weight.value();
        return w.size(0) + ", " + w.size(1) * groups + ", kernel_size=" + Repr.tuple(w.size(2), w.size(3))
                + ", stride=" + Repr.tuple(stride)
                + (padding[0] != 0 || padding[1] != 0 ? ", padding=" + Repr.tuple(padding) : "")
                + (dilation[0] != 1 || dilation[1] != 1 ? ", dilation=" + Repr.tuple(dilation) : "")
                + (outputPadding[0] != 0 || outputPadding[1] != 0 ? ", output_padding=" + Repr.tuple(outputPadding) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=False" : "");
    }
}
