package dev.claritas.nn;

import dev.claritas.nn.init.Init;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * 1-D convolution over [N, C, L], PyTorch's {@code nn.Conv1d}: weight [out, in/groups, k], optional
 * bias [out], both initialised as PyTorch does (Kaiming-uniform with a = √5; bias from
 * U(±1/√fan_in) with fan_in = in/groups·k). Computed as a 2-D convolution of the [N, C, 1, L] view
 * with a [out, in/groups, 1, k] kernel, so it shares conv2d's kernels and backward.
 */
public class Conv1d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final int stride, padding, dilation, groups;

    /** Stride 1, no padding, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv1d: in_channels " + inChannels + " and out_channels " + outChannels
                    + " must both be divisible by groups " + groups);
        }
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        Tensor w = Tensor.zeros(new int[] {outChannels, inChannels / groups, kernelSize}, DType.FLOAT32, Device.CPU);
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
        Tensor w = weight.value();
        int inChannels = w.size(1) * groups;
        if (x.rank() != 3 || x.size(1) != inChannels) {
            throw new IllegalArgumentException("Conv1d: expects input [N, " + inChannels + ", L], got " + x.shape());
        }
        Tensor out = Ops.conv2d(x.unsqueeze(2), w.unsqueeze(2), bias == null ? null : bias.value(),
                new int[] {1, stride}, new int[] {0, padding}, new int[] {1, dilation}, groups);
        return out.squeeze(2);
    }

    @Override
    protected String extraRepr() {
        Tensor w = weight.value();
        return w.size(1) * groups + ", " + w.size(0) + ", kernel_size=" + Repr.tuple(w.size(2)) + ", stride=" + Repr.tuple(stride)
                + (padding != 0 ? ", padding=" + Repr.tuple(padding) : "")
                + (dilation != 1 ? ", dilation=" + Repr.tuple(dilation) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=False" : "");
    }
}
