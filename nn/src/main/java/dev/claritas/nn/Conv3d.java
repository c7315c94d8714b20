package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * 3-D convolution over [N, C, D, H, W] volumes, PyTorch's {@code nn.Conv3d}: weight
 * [out, in/groups, kD, kH, kW], optional bias [out], both initialised as PyTorch does (see
 * {@link ConvNd}).
 */
public class Conv3d extends ConvNd {

    /** A cubic kernel with PyTorch's defaults: stride 1, no padding, with bias. */
    public Conv3d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, true);
    }

    /** A cubic kernel; the same stride and padding on every axis. */
    public Conv3d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        this(inChannels, outChannels, repeat(kernelSize, 3), repeat(stride, 3), repeat(padding, 3), repeat(1, 3), 1, bias);
    }

    /** All of PyTorch's arguments; the arrays are (d, h, w) triples. */
    public Conv3d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        super(inChannels, outChannels, kernelSize, stride, padding, dilation, false, new int[3], groups, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Ops.conv3d(input, weight().value(), biasValue(), stride(), padding(), dilation(), groups());
    }
}
