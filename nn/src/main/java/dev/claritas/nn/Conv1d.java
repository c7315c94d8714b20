package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * 1-D convolution over [N, C, L], PyTorch's {@code nn.Conv1d}: weight [out, in/groups, k], optional
 * bias [out], both initialised as PyTorch does (see {@link ConvNd}; fan_in = in/groups·k). Computed
 * as a 2-D convolution of the [N, C, 1, L] view with a [out, in/groups, 1, k] kernel, so it shares
 * conv2d's kernels and backward.
 */
public class Conv1d extends ConvNd {

    /** Stride 1, no padding, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        super(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, false, new int[1], groups, bias);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(1) != inChannels()) {
            throw new IllegalArgumentException("Conv1d: expects input [N, " + inChannels() + ", L], got " + x.shape());
        }
        Tensor out = Ops.conv2d(x.unsqueeze(2), weight().value().unsqueeze(2), biasValue(),
                new int[] {1, stride()[0]}, new int[] {0, padding()[0]}, new int[] {1, dilation()[0]}, groups());
        return out.squeeze(2);
    }
}
