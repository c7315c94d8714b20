package dev.claritas.tensor.spi;

/**
 * The geometry of 3-D pooling over (depth, height, width), PyTorch's meaning. {@code countIncludePad}
 * only matters for average pooling: whether padded zeros count in the divisor.
 */
public record Pool3dParams(int kernelD, int kernelH, int kernelW, int strideD, int strideH, int strideW,
                           int padD, int padH, int padW, boolean ceilMode, boolean countIncludePad)
        implements SpatialPoolParams {

    public Pool3dParams {
        if (kernelD < 1 || kernelH < 1 || kernelW < 1 || strideD < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool kernel and stride must be >= 1: " + this);
        }
        if (padD < 0 || padH < 0 || padW < 0 || 2 * padD > kernelD || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("pool padding must be >= 0 and at most half the kernel: " + this);
        }
    }

    /** From (d, h, w) triples, as PyTorch's functional arguments. */
    public static Pool3dParams of(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return new Pool3dParams(kernel[0], kernel[1], kernel[2], stride[0], stride[1], stride[2],
                padding[0], padding[1], padding[2], ceilMode, countIncludePad);
    }

    @Override
    public int spatialRank() {
        return 3;
    }

    @Override
    public int kernel(int axis) {
        return new int[] {kernelD, kernelH, kernelW}[axis];
    }

    @Override
    public int stride(int axis) {
        return new int[] {strideD, strideH, strideW}[axis];
    }

    @Override
    public int padding(int axis) {
        return new int[] {padD, padH, padW}[axis];
    }
}
