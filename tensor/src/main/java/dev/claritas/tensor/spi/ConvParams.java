package dev.claritas.tensor.spi;

/**
 * The geometry of a 2-D convolution, PyTorch's meaning: {@code outputPadding} only matters for the
 * transposed convolution, where it adds rows and columns at the bottom and right of the output.
 */
public record ConvParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                         int groups, int outputPaddingH, int outputPaddingW) implements SpatialConvParams {

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

    /** Output size of a convolution along one axis; 0 or less when the dilated kernel does not fit the padded input. */
    public static int convOut(int in, int kernel, int stride, int pad, int dilation) {
        // floor, not truncation: a kernel that overhangs by less than a stride must not give one output
        return Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** Output size of a transposed convolution along one axis. */
    public static int convTransposeOut(int in, int kernel, int stride, int pad, int dilation, int outputPadding) {
        return (in - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPadding + 1;
    }

    @Override
    public int spatialRank() {
        return 2;
    }

    @Override
    public int stride(int axis) {
        return new int[] {strideH, strideW}[axis];
    }

    @Override
    public int padding(int axis) {
        return new int[] {padH, padW}[axis];
    }

    @Override
    public int dilation(int axis) {
        return new int[] {dilationH, dilationW}[axis];
    }

    @Override
    public int outputPadding(int axis) {
        return new int[] {outputPaddingH, outputPaddingW}[axis];
    }

    /** These parameters with output padding (h, w). */
    @Override
    public ConvParams withOutputPadding(int... outputPadding) {
        return new ConvParams(strideH, strideW, padH, padW, dilationH, dilationW, groups, outputPadding[0], outputPadding[1]);
    }
}
