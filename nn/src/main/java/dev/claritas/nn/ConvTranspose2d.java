package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Transposed 2-D convolution over [N, C, H, W], PyTorch's {@code nn.ConvTranspose2d}: weight
 * [in, out/groups, kH, kW], optional bias [out]. Output size per axis is
 * (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1. Initialised as PyTorch does,
 * with fan_in = out/groups·kH·kW (see {@link ConvNd}).
 */
public class ConvTranspose2d extends ConvNd {

    /** A square kernel and stride, as U-Nets upsample ({@code kernelSize = stride = 2}); no padding, with bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, repeat(kernelSize, 2), repeat(stride, 2), new int[2], new int[2], 1, true, repeat(1, 2));
    }

    /** All of PyTorch's arguments, in its order; the arrays are (h, w) pairs. */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                           int[] outputPadding, int groups, boolean bias, int[] dilation) {
        super(inChannels, outChannels, kernelSize, stride, padding, dilation, true, outputPadding, groups, bias);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.convTranspose2d(x, weight().value(), biasValue(), stride(), padding(), outputPadding(), groups(), dilation());
    }
}
