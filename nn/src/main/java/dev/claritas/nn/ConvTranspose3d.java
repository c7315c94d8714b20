package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Transposed 3-D convolution over [N, C, D, H, W] volumes, PyTorch's {@code nn.ConvTranspose3d}:
 * weight [in, out/groups, kD, kH, kW], optional bias [out]. Output size per axis is
 * (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1. Initialised as PyTorch does,
 * with fan_in = out/groups·kD·kH·kW (see {@link ConvNd}).
 */
public class ConvTranspose3d extends ConvNd {

    /** A cubic kernel and stride, as 3-D U-Nets upsample ({@code kernelSize = stride = 2}); no padding, with bias. */
    public ConvTranspose3d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, repeat(kernelSize, 3), repeat(stride, 3), new int[3], new int[3], 1, true, repeat(1, 3));
    }

    /** All of PyTorch's arguments, in its order; the arrays are (d, h, w) triples. */
    public ConvTranspose3d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                           int[] outputPadding, int groups, boolean bias, int[] dilation) {
        super(inChannels, outChannels, kernelSize, stride, padding, dilation, true, outputPadding, groups, bias);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.convTranspose3d(x, weight().value(), biasValue(), stride(), padding(), outputPadding(), groups(), dilation());
    }
}
