package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * The shape of one forward 2-D convolution (cross-correlation) for one batch item, and the
 * im2col / col2im transforms between an input image and its patch matrix.
 *
 * <p>The patch matrix of one group has a row per (input channel of the group, kernel row, kernel
 * column), {@link #patchSize()} rows, and a column per output position, {@link #outPlane()}
 * columns. Output position (oy, ox) and kernel tap (ki, kj) read input pixel
 * {@code (oy*strideH - padH + ki*dilH, ox*strideW - padW + kj*dilW)}, zero outside the image. The
 * transforms handle a range of columns at a time, so callers can bound their scratch memory.
 *
 * <p>A transposed convolution is described by the forward convolution it is the adjoint of: its
 * output is this geometry's input.
 */
record ConvGeometry(int inChannels, int inH, int inW, int outChannels, int outH, int outW,
                    int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                    int dilH, int dilW, int groups) {

    ConvGeometry {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilH < 1 || dilW < 1 || groups < 1) {
            throw new IllegalArgumentException("conv kernel, stride, dilation and groups must be >= 1: " + this);
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv padding must be >= 0: " + this);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv channels must be divisible by groups: " + this);
        }
        if (inH < 1 || inW < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("conv spatial sizes must be >= 1: " + this);
        }
    }

    /** Output size along one axis of the forward convolution, or an exception when the kernel does not fit. */
    static int outSize(int in, int kernel, int stride, int pad, int dilation) {
        int span = in + 2 * pad - dilation * (kernel - 1) - 1;
        if (span < 0) {
            throw new IllegalArgumentException("conv kernel (size " + kernel + ", dilation " + dilation
                    + ") is larger than the padded input (" + in + " + 2*" + pad + ")");
        }
        return span / stride + 1;
    }

    int groupInChannels() {
        return inChannels / groups;
    }

    int groupOutChannels() {
        return outChannels / groups;
    }

    /** Rows of a group's patch matrix: the length of one output channel's weights. */
    int patchSize() {
        return groupInChannels() * kernelH * kernelW;
    }

    int inPlane() {
        return inH * inW;
    }

    int outPlane() {
        return outH * outW;
    }

    /**
     * Whether the patch matrix is the input itself: a 1×1 kernel, stride 1, no padding, and (for a
     * transposed convolution's output padding) equal input and output sizes.
     */
    boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0
                && inH == outH && inW == outW;
    }

    /**
     * Writes columns {@code [q0, q0 + count)} of the patch matrix of the group whose first input
     * channel starts at {@code image[imageOff]} into {@code col} as a dense patchSize×count matrix.
     */
    void im2col(float[] image, int imageOff, float[] col, int q0, int count) {
        int row = 0;
        for (int ci = 0; ci < groupInChannels(); ci++) {
            int plane = imageOff + ci * inPlane();
            for (int ki = 0; ki < kernelH; ki++) {
                for (int kj = 0; kj < kernelW; kj++, row++) {
                    int dy = ki * dilH - padH;
                    int dx = kj * dilW - padW;
                    int oxFirst = firstInside(dx, strideW, outW);
                    int oxEnd = endInside(dx, strideW, inW, outW);
                    int dst = row * count;
                    for (int q = q0; q < q0 + count; ) {
                        int oy = q / outW;
                        int ox0 = q - oy * outW;
                        int ox1 = Math.min(outW, ox0 + q0 + count - q);
                        int iy = oy * strideH + dy;
                        if (iy < 0 || iy >= inH) {
                            Arrays.fill(col, dst, dst + ox1 - ox0, 0f);
                            dst += ox1 - ox0;
                        } else {
                            int src = plane + iy * inW + dx;
                            int ox = ox0;
                            for (; ox < Math.min(ox1, oxFirst); ox++) {
                                col[dst++] = 0f;
                            }
                            for (; ox < Math.min(ox1, oxEnd); ox++) {
                                col[dst++] = image[src + ox * strideW];
                            }
                            for (; ox < ox1; ox++) {
                                col[dst++] = 0f;
                            }
                        }
                        q += ox1 - ox0;
                    }
                }
            }
        }
    }

    /** The double-precision {@link #im2col(float[], int, float[], int, int)}. */
    void im2col(double[] image, int imageOff, double[] col, int q0, int count) {
        int row = 0;
        for (int ci = 0; ci < groupInChannels(); ci++) {
            int plane = imageOff + ci * inPlane();
            for (int ki = 0; ki < kernelH; ki++) {
                for (int kj = 0; kj < kernelW; kj++, row++) {
                    int dy = ki * dilH - padH;
                    int dx = kj * dilW - padW;
                    int oxFirst = firstInside(dx, strideW, outW);
                    int oxEnd = endInside(dx, strideW, inW, outW);
                    int dst = row * count;
                    for (int q = q0; q < q0 + count; ) {
                        int oy = q / outW;
                        int ox0 = q - oy * outW;
                        int ox1 = Math.min(outW, ox0 + q0 + count - q);
                        int iy = oy * strideH + dy;
                        if (iy < 0 || iy >= inH) {
                            Arrays.fill(col, dst, dst + ox1 - ox0, 0.0);
                            dst += ox1 - ox0;
                        } else {
                            int src = plane + iy * inW + dx;
                            int ox = ox0;
                            for (; ox < Math.min(ox1, oxFirst); ox++) {
                                col[dst++] = 0.0;
                            }
                            for (; ox < Math.min(ox1, oxEnd); ox++) {
                                col[dst++] = image[src + ox * strideW];
                            }
                            for (; ox < ox1; ox++) {
                                col[dst++] = 0.0;
                            }
                        }
                        q += ox1 - ox0;
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col(float[], int, float[], int, int)}: adds each entry of the
     * patchSize×count matrix {@code col} (columns {@code [q0, q0 + count)}) to the image pixel it
     * was read from; entries that fall in the padding are dropped.
     */
    void col2imAdd(float[] col, float[] image, int imageOff, int q0, int count) {
        int row = 0;
        for (int ci = 0; ci < groupInChannels(); ci++) {
            int plane = imageOff + ci * inPlane();
            for (int ki = 0; ki < kernelH; ki++) {
                for (int kj = 0; kj < kernelW; kj++, row++) {
                    int dy = ki * dilH - padH;
                    int dx = kj * dilW - padW;
                    int oxFirst = firstInside(dx, strideW, outW);
                    int oxEnd = endInside(dx, strideW, inW, outW);
                    int src = row * count;
                    for (int q = q0; q < q0 + count; ) {
                        int oy = q / outW;
                        int ox0 = q - oy * outW;
                        int ox1 = Math.min(outW, ox0 + q0 + count - q);
                        int iy = oy * strideH + dy;
                        if (iy >= 0 && iy < inH) {
                            int dst = plane + iy * inW + dx;
                            for (int ox = Math.max(ox0, oxFirst); ox < Math.min(ox1, oxEnd); ox++) {
                                image[dst + ox * strideW] += col[src + ox - ox0];
                            }
                        }
                        src += ox1 - ox0;
                        q += ox1 - ox0;
                    }
                }
            }
        }
    }

    /** The double-precision {@link #col2imAdd(float[], float[], int, int, int)}. */
    void col2imAdd(double[] col, double[] image, int imageOff, int q0, int count) {
        int row = 0;
        for (int ci = 0; ci < groupInChannels(); ci++) {
            int plane = imageOff + ci * inPlane();
            for (int ki = 0; ki < kernelH; ki++) {
                for (int kj = 0; kj < kernelW; kj++, row++) {
                    int dy = ki * dilH - padH;
                    int dx = kj * dilW - padW;
                    int oxFirst = firstInside(dx, strideW, outW);
                    int oxEnd = endInside(dx, strideW, inW, outW);
                    int src = row * count;
                    for (int q = q0; q < q0 + count; ) {
                        int oy = q / outW;
                        int ox0 = q - oy * outW;
                        int ox1 = Math.min(outW, ox0 + q0 + count - q);
                        int iy = oy * strideH + dy;
                        if (iy >= 0 && iy < inH) {
                            int dst = plane + iy * inW + dx;
                            for (int ox = Math.max(ox0, oxFirst); ox < Math.min(ox1, oxEnd); ox++) {
                                image[dst + ox * strideW] += col[src + ox - ox0];
                            }
                        }
                        src += ox1 - ox0;
                        q += ox1 - ox0;
                    }
                }
            }
        }
    }

    /** The first output column ox whose input column {@code ox*stride + offset} is not left of the image. */
    private static int firstInside(int offset, int stride, int outSize) {
        return Math.clamp(Math.ceilDiv(-offset, stride), 0, outSize);
    }

    /** One past the last output column ox whose input column {@code ox*stride + offset} is left of {@code inSize}. */
    private static int endInside(int offset, int stride, int inSize, int outSize) {
        return Math.clamp(Math.floorDiv(inSize - 1 - offset, stride) + 1, 0, outSize);
    }
}
