package dev.claritas.nn;

import dev.claritas.nn.init.Init;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * 2-D convolution over [N, C, H, W], PyTorch's {@code nn.Conv2d}: weight [out, in/groups, kH, kW],
 * optional bias [out], both initialised as PyTorch does (Kaiming-uniform with a = √5).
 */
public class Conv2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final int[] stride, padding, dilation;
    private final int groups;

    /** A square kernel, stride 1, "same" padding for odd kernels, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, kernelSize / 2, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {1, 1}, 1, bias);
    }

    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: in_channels " + inChannels + " and out_channels " + outChannels
                    + " must both be divisible by groups " + groups);
        }
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        Tensor w = Tensor.zeros(new int[] {outChannels, inChannels / groups, kernelSize[0], kernelSize[1]}, DType.FLOAT32, Device.CPU);
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
    public Tensor forward(Tensor input) {
        return Ops.conv2d(input, weight.value(), bias == null ? null : bias.value(), stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        Tensor w = weight.value();
        return w.size(1) * groups + ", " + w.size(0) + ", kernel_size=" + tuple(w.size(2), w.size(3))
                + ", stride=" + tuple(stride[0], stride[1])
                + (padding[0] != 0 || padding[1] != 0 ? ", padding=" + tuple(padding[0], padding[1]) : "")
                + (dilation[0] != 1 || dilation[1] != 1 ? ", dilation=" + tuple(dilation[0], dilation[1]) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=False" : "");
    }

    private static String tuple(int a, int b) {
        return "(" + a + ", " + b + ")";
    }
}
