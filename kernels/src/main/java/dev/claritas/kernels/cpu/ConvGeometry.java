package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * The shape of one forward 3-D convolution (cross-correlation) for one batch item, and the im2col /
 * col2im transforms between an input volume and its patch matrix. A 2-D convolution is the case of
 * depth {@link ConvAxis#UNIT}, so one implementation serves both ranks.
 *
 * <p>The patch matrix of one group has a row per (input channel of the group, kernel tap in depth,
 * row and column), {@link #patchSize()} rows, and a column per output position,
 * {@link #outPositions()} columns. Output position (oz, oy, ox) and kernel tap (kd, ki, kj) read
 * input position {@code (oz*strideD + depth.offset(kd), oy*strideH + height.offset(ki),
 * ox*strideW + width.offset(kj))}, zero outside the input. The transforms handle a range of columns
 * at a time, so callers can bound their scratch memory; they walk it in runs along one output line
 * (fixed oz and oy), where the input positions are evenly spaced.
 *
 * <p>A transposed convolution is described by the forward convolution it is the adjoint of: its
 * output is this geometry's input.
 */
record ConvGeometry(int inChannels, int outChannels, int groups, ConvAxis depth, ConvAxis height, ConvAxis width) {

    ConvGeometry {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv channels must be divisible by groups: " + this);
        }
    }

    int groupInChannels() {
        return inChannels / groups;
    }

    int groupOutChannels() {
        return outChannels / groups;
    }

    /** Kernel taps per input channel. */
    int taps() {
        return depth.kernel() * height.kernel() * width.kernel();
    }

    /** Rows of a group's patch matrix: the length of one output channel's weights. */
    int patchSize() {
        return groupInChannels() * taps();
    }

    /** Elements of one input channel. */
    int inPositions() {
        return depth.in() * height.in() * width.in();
    }

    /** Elements of one output channel. */
    int outPositions() {
        return depth.out() * height.out() * width.out();
    }

    /**
     * Whether the patch matrix is the input itself: a 1×1×1 kernel, stride 1, no padding, and (for a
     * transposed convolution's output padding) equal input and output sizes.
     */
    boolean isPointwise() {
        return depth.isIdentity() && height.isIdentity() && width.isIdentity();
    }

    /**
     * Writes columns {@code [q0, q0 + count)} of the patch matrix of the group whose first input
     * channel starts at {@code image[imageOff]} into {@code col} as a dense patchSize×count matrix.
     */
    void im2col(float[] image, int imageOff, float[] col, int q0, int count) {
        int outW = width.out();
        int strideW = width.stride();
        for (int row = 0; row < patchSize(); row++) {
            int channel = imageOff + row / taps() * inPositions();
            int dz = depthOffset(row), dy = rowOffset(row), dx = columnOffset(row);
            int oxFirst = width.firstInside(dx);
            int oxEnd = width.endInside(dx);
            int dst = row * count;
            for (int q = q0; q < q0 + count; ) {
                int line = q / outW;
                int ox0 = q - line * outW;
                int ox1 = Math.min(outW, ox0 + q0 + count - q);
                int start = lineStart(channel, line, dz, dy);
                if (start < 0) {
                    Arrays.fill(col, dst, dst + ox1 - ox0, 0f);
                } else {
                    // [ox0, inA) and [inB, ox1) read the padding, [inA, inB) the input line.
                    int inA = Math.clamp(oxFirst, ox0, ox1);
                    int inB = Math.clamp(oxEnd, inA, ox1);
                    int src = start + dx;
                    if (inA > ox0) {
                        Arrays.fill(col, dst, dst + inA - ox0, 0f);
                    }
                    if (strideW == 1 && inB > inA) {
                        System.arraycopy(image, src + inA, col, dst + inA - ox0, inB - inA);
                    } else {
                        for (int ox = inA, d = dst + inA - ox0; ox < inB; ox++, d++) {
                            col[d] = image[src + ox * strideW];
                        }
                    }
                    if (inB < ox1) {
                        Arrays.fill(col, dst + inB - ox0, dst + ox1 - ox0, 0f);
                    }
                }
                dst += ox1 - ox0;
                q += ox1 - ox0;
            }
        }
    }

    /** The double-precision {@link #im2col(float[], int, float[], int, int)}. */
    void im2col(double[] image, int imageOff, double[] col, int q0, int count) {
        int outW = width.out();
        int strideW = width.stride();
        for (int row = 0; row < patchSize(); row++) {
            int channel = imageOff + row / taps() * inPositions();
            int dz = depthOffset(row), dy = rowOffset(row), dx = columnOffset(row);
            int oxFirst = width.firstInside(dx);
            int oxEnd = width.endInside(dx);
            int dst = row * count;
            for (int q = q0; q < q0 + count; ) {
                int line = q / outW;
                int ox0 = q - line * outW;
                int ox1 = Math.min(outW, ox0 + q0 + count - q);
                int start = lineStart(channel, line, dz, dy);
                if (start < 0) {
                    Arrays.fill(col, dst, dst + ox1 - ox0, 0.0);
                } else {
                    // [ox0, inA) and [inB, ox1) read the padding, [inA, inB) the input line.
                    int inA = Math.clamp(oxFirst, ox0, ox1);
                    int inB = Math.clamp(oxEnd, inA, ox1);
                    int src = start + dx;
                    if (inA > ox0) {
                        Arrays.fill(col, dst, dst + inA - ox0, 0.0);
                    }
                    if (strideW == 1 && inB > inA) {
                        System.arraycopy(image, src + inA, col, dst + inA - ox0, inB - inA);
                    } else {
                        for (int ox = inA, d = dst + inA - ox0; ox < inB; ox++, d++) {
                            col[d] = image[src + ox * strideW];
                        }
                    }
                    if (inB < ox1) {
                        Arrays.fill(col, dst + inB - ox0, dst + ox1 - ox0, 0.0);
                    }
                }
                dst += ox1 - ox0;
                q += ox1 - ox0;
            }
        }
    }

    /**
     * The adjoint of {@link #im2col(float[], int, float[], int, int)}: adds each entry of the
     * patchSize×count matrix {@code col} (columns {@code [q0, q0 + count)}) to the image element it
     * was read from; entries that fall in the padding are dropped.
     */
    void col2imAdd(float[] col, float[] image, int imageOff, int q0, int count) {
        int outW = width.out();
        for (int row = 0; row < patchSize(); row++) {
            int channel = imageOff + row / taps() * inPositions();
            int dz = depthOffset(row), dy = rowOffset(row), dx = columnOffset(row);
            int oxFirst = width.firstInside(dx);
            int oxEnd = width.endInside(dx);
            int src = row * count;
            for (int q = q0; q < q0 + count; ) {
                int line = q / outW;
                int ox0 = q - line * outW;
                int ox1 = Math.min(outW, ox0 + q0 + count - q);
                int start = lineStart(channel, line, dz, dy);
                if (start >= 0) {
                    int dst = start + dx;
                    for (int ox = Math.max(ox0, oxFirst); ox < Math.min(ox1, oxEnd); ox++) {
                        image[dst + ox * width.stride()] += col[src + ox - ox0];
                    }
                }
                src += ox1 - ox0;
                q += ox1 - ox0;
            }
        }
    }

    /** The double-precision {@link #col2imAdd(float[], float[], int, int, int)}. */
    void col2imAdd(double[] col, double[] image, int imageOff, int q0, int count) {
        int outW = width.out();
        for (int row = 0; row < patchSize(); row++) {
            int channel = imageOff + row / taps() * inPositions();
            int dz = depthOffset(row), dy = rowOffset(row), dx = columnOffset(row);
            int oxFirst = width.firstInside(dx);
            int oxEnd = width.endInside(dx);
            int src = row * count;
            for (int q = q0; q < q0 + count; ) {
                int line = q / outW;
                int ox0 = q - line * outW;
                int ox1 = Math.min(outW, ox0 + q0 + count - q);
                int start = lineStart(channel, line, dz, dy);
                if (start >= 0) {
                    int dst = start + dx;
                    for (int ox = Math.max(ox0, oxFirst); ox < Math.min(ox1, oxEnd); ox++) {
                        image[dst + ox * width.stride()] += col[src + ox - ox0];
                    }
                }
                src += ox1 - ox0;
                q += ox1 - ox0;
            }
        }
    }

    /** The depth offset of the kernel tap of patch-matrix row {@code row}. */
    private int depthOffset(int row) {
        return depth.offset(row / (height.kernel() * width.kernel()) % depth.kernel());
    }

    /** The row (height) offset of the kernel tap of patch-matrix row {@code row}. */
    private int rowOffset(int row) {
        return height.offset(row / width.kernel() % height.kernel());
    }

    /** The column (width) offset of the kernel tap of patch-matrix row {@code row}. */
    private int columnOffset(int row) {
        return width.offset(row % width.kernel());
    }

    /**
     * Where, in the input channel starting at {@code channel}, the input line (iz, iy) read by output
     * line {@code line = oz*outH + oy} with depth and row offsets dz and dy begins (column 0); -1 when
     * that line lies in the padding.
     */
    private int lineStart(int channel, int line, int dz, int dy) {
        int oz = line / height.out();
        int iz = oz * depth.stride() + dz;
        int iy = (line - oz * height.out()) * height.stride() + dy;
        if (iz < 0 || iz >= depth.in() || iy < 0 || iy >= height.in()) {
            return -1;
        }
        return channel + (iz * height.in() + iy) * width.in();
    }
}
