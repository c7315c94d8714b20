package dev.claritas.tensor.spi;

/**
 * The geometry of 2-D pooling, PyTorch's meaning. {@code countIncludePad} only matters for average
 * pooling: whether padded zeros count in the divisor.
 */
public record PoolParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                         boolean ceilMode, boolean countIncludePad) implements SpatialPoolParams {

    public PoolParams {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool kernel and stride must be >= 1: " + this);
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("pool padding must be >= 0 and at most half the kernel: " + this);
        }
    }

    /** Output size along one axis, with PyTorch's rule that the last window must start inside the input or left padding. */
    public static int outSize(int in, int kernel, int stride, int pad, boolean ceilMode) {
        int numerator = in + 2 * pad - kernel;
        int out = (ceilMode ? Math.ceilDiv(numerator, stride) : Math.floorDiv(numerator, stride)) + 1;
        if (ceilMode && (out - 1) * stride >= in + pad) {
            out--;
        }
        return out;
    }

    @Override
    public int spatialRank() {
        return 2;
    }

    @Override
    public int kernel(int axis) {
        return new int[] {kernelH, kernelW}[axis];
    }

    @Override
    public int stride(int axis) {
        return new int[] {strideH, strideW}[axis];
    }

    @Override
    public int padding(int axis) {
        return new int[] {padH, padW}[axis];
    }
}
