package dev.claritas.tensor.spi;

/**
 * The geometry of a 3-D convolution over (depth, height, width), PyTorch's meaning:
 * {@code outputPadding} only matters for the transposed convolution, where it adds positions at the
 * far end of each axis of the output.
 */
public record Conv3dParams(int strideD, int strideH, int strideW, int padD, int padH, int padW,
                           int dilationD, int dilationH, int dilationW, int groups,
                           int outputPaddingD, int outputPaddingH, int outputPaddingW) implements SpatialConvParams {

    public Conv3dParams {
        if (strideD < 1 || strideH < 1 || strideW < 1 || dilationD < 1 || dilationH < 1 || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException("conv stride, dilation and groups must be >= 1: " + this);
        }
        if (padD < 0 || padH < 0 || padW < 0 || outputPaddingD < 0 || outputPaddingH < 0 || outputPaddingW < 0) {
            throw new IllegalArgumentException("conv padding must be >= 0: " + this);
        }
    }

    /** Stride s and padding p on every axis, no dilation, one group. */
    public static Conv3dParams of(int stride, int padding) {
        return new Conv3dParams(stride, stride, stride, padding, padding, padding, 1, 1, 1, 1, 0, 0, 0);
    }

    /** From (d, h, w) triples, as PyTorch's functional arguments. */
    public static Conv3dParams of(int[] stride, int[] padding, int[] dilation, int groups, int[] outputPadding) {
        return new Conv3dParams(stride[0], stride[1], stride[2], padding[0], padding[1], padding[2],
                dilation[0], dilation[1], dilation[2], groups, outputPadding[0], outputPadding[1], outputPadding[2]);
    }

    @Override
    public int spatialRank() {
        return 3;
    }

    @Override
    public int stride(int axis) {
        return new int[] {strideD, strideH, strideW}[axis];
    }

    @Override
    public int padding(int axis) {
        return new int[] {padD, padH, padW}[axis];
    }

    @Override
    public int dilation(int axis) {
        return new int[] {dilationD, dilationH, dilationW}[axis];
    }

    @Override
    public int outputPadding(int axis) {
        return new int[] {outputPaddingD, outputPaddingH, outputPaddingW}[axis];
    }

    /** These parameters with output padding (d, h, w). */
    @Override
    public Conv3dParams withOutputPadding(int... outputPadding) {
        return new Conv3dParams(strideD, strideH, strideW, padD, padH, padW, dilationD, dilationH, dilationW, groups,
                outputPadding[0], outputPadding[1], outputPadding[2]);
    }
}
