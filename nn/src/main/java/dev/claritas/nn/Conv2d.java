package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * 2-D convolution over [N, C, H, W], PyTorch's {@code nn.Conv2d}: weight [out, in/groups, kH, kW],
 * optional bias [out], both initialised as PyTorch does (see {@link ConvNd}).
 */
public class Conv2d extends ConvNd {

    /** A square kernel, stride 1, no padding, with bias: PyTorch's {@code nn.Conv2d(in, out, k)}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        this(inChannels, outChannels, repeat(kernelSize, 2), repeat(stride, 2), repeat(padding, 2), repeat(1, 2), 1, bias);
    }

    /** All of PyTorch's arguments; the arrays are (h, w) pairs. */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        super(inChannels, outChannels, kernelSize, stride, padding, dilation, false, new int[2], groups, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Ops.conv2d(input, weight().value(), biasValue(), stride(), padding(), dilation(), groups());
    }
}
