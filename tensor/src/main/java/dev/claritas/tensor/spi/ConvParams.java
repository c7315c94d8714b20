package dev.claritas.tensor.spi;

/**
 * The geometry of a 2-D convolution, PyTorch's meaning: {@code outputPadding} only matters for the
 * transposed convolution, where it adds rows and columns at the bottom and right of the output.
 */
public record ConvParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                         int groups, int outputPaddingH, int outputPaddingW) {

    public ConvParams {
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException("conv stride, dilation and groups must be >= 1: " + this);
        }
        if (padH < 0 || padW < 0 || outputPaddingH < 0 || outputPaddingW < 0) {
            throw new IllegalArgumentException("conv padding must be >= 0: " + this);
        }
    }

    /** Stride s, padding p, no dilation, one group. */
    public static ConvParams of(int stride, int padding) {
        return new ConvParams(stride, stride, padding, padding, 1, 1, 1, 0, 0);
    }

    /** Output size of a convolution along one axis. */
    public static int convOut(int in, int kernel, int stride, int pad, int dilation) {
        return (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
    }

    /** Output size of a transposed convolution along one axis. */
    public static int convTransposeOut(int in, int kernel, int stride, int pad, int dilation, int outputPadding) {
        return (in - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPadding + 1;
    }
}
