package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * 2-D and 3-D max and average pooling with PyTorch's semantics on dense row-major NCHW and NCDHW
 * arrays, in parallel over the n·c planes (volumes). Both ranks run the same code: 2-D pooling is
 * 3-D pooling of depth 1.
 *
 * <p>Along each axis, output position o pools the input positions {@code [o*stride - pad,
 * o*stride - pad + kernel)}, clipped to the input. The caller passes the output sizes, which is
 * where PyTorch's ceil_mode shows: with it, the last window may hang over the far edge (and must
 * start inside the input or the near padding).
 */
public final class Pooling {
    private Pooling() {}

    // ---- entry points: 2-D with explicit sizes, 3-D with (depth, height, width) triples ------------

    /**
     * Max pooling. Padding counts as -∞; a NaN in a window is its maximum (the last NaN when there
     * are several), otherwise the first maximum wins, as in PyTorch.
     *
     * @param x input [n, c, h, wd]
     * @param out output [n, c, ho, wo]
     * @param indices receives, for each output, the flat index {@code iy*wd + ix} of its maximum
     *     within its input plane; null when no gradient will be taken
     */
    public static void maxPool2d(float[] x, float[] out, long[] indices, int n, int c, int h, int wd,
                                 int kh, int kw, int sH, int sW, int pH, int pW, int ho, int wo) {
        if (Pool2x2.applies(kh, kw, sH, sW, pH, pW, h, wd, ho, wo)) {
            int planes = planes(n, c);
            requireLength("pooling input", x.length, (long) planes * h * wd);
            requireLength("pooling output", out.length, (long) planes * ho * wo);
            requireIndices(indices, (long) planes * ho * wo);
            Pool2x2.maxPool(x, out, indices, planes, h, wd, ho, wo, Vectorization.ENABLED);
            return;
        }
        maxPool(x, out, indices, planes(n, c), Windows.UNIT, Windows.of(h, kh, sH, pH, ho), Windows.of(wd, kw, sW, pW, wo));
    }

    /** {@link #maxPool2d} in double precision. */
    public static void maxPool2d(double[] x, double[] out, long[] indices, int n, int c, int h, int wd,
                                 int kh, int kw, int sH, int sW, int pH, int pW, int ho, int wo) {
        if (Pool2x2.applies(kh, kw, sH, sW, pH, pW, h, wd, ho, wo)) {
            int planes = planes(n, c);
            requireLength("pooling input", x.length, (long) planes * h * wd);
            requireLength("pooling output", out.length, (long) planes * ho * wo);
            requireIndices(indices, (long) planes * ho * wo);
            Pool2x2.maxPool(x, out, indices, planes, h, wd, ho, wo);
            return;
        }
        maxPool(x, out, indices, planes(n, c), Windows.UNIT, Windows.of(h, kh, sH, pH, ho), Windows.of(wd, kw, sW, pW, wo));
    }

    /**
     * 3-D max pooling, as {@link #maxPool2d} with a depth axis.
     *
     * @param x input [n, c, size[0], size[1], size[2]]
     * @param out output [n, c, outSize[0], outSize[1], outSize[2]]
     * @param indices receives, for each output, the flat index {@code (iz*h + iy)*wd + ix} of its
     *     maximum within its input volume; null when no gradient will be taken
     * @param size the input's (depth, height, width); kernel, stride, pad and outSize are (d, h, w) triples too
     */
    public static void maxPool3d(float[] x, float[] out, long[] indices, int n, int c, int[] size, int[] kernel,
                                 int[] stride, int[] pad, int[] outSize) {
        Windows[] w = Windows.of(size, kernel, stride, pad, outSize);
        maxPool(x, out, indices, planes(n, c), w[0], w[1], w[2]);
    }

    /** {@link #maxPool3d} in double precision. */
    public static void maxPool3d(double[] x, double[] out, long[] indices, int n, int c, int[] size, int[] kernel,
                                 int[] stride, int[] pad, int[] outSize) {
        Windows[] w = Windows.of(size, kernel, stride, pad, outSize);
        maxPool(x, out, indices, planes(n, c), w[0], w[1], w[2]);
    }

    /**
     * Average pooling: the window's sum over the input divided by its size, which counts the
     * padding covered when {@code countIncludePad} (but not the overhang past the right or bottom
     * padding that ceil_mode allows), and only the input pixels otherwise.
     *
     * @param x input [n, c, h, wd]
     * @param out output [n, c, ho, wo]
     */
    public static void avgPool2d(float[] x, float[] out, int n, int c, int h, int wd, int kh, int kw,
                                 int sH, int sW, int pH, int pW, int ho, int wo, boolean countIncludePad) {
        if (Pool2x2.applies(kh, kw, sH, sW, pH, pW, h, wd, ho, wo)) {
            int planes = planes(n, c);
            requireLength("pooling input", x.length, (long) planes * h * wd);
            requireLength("pooling output", out.length, (long) planes * ho * wo);
            Pool2x2.avgPool(x, out, planes, h, wd, ho, wo, Vectorization.ENABLED);
            return;
        }
        avgPool(x, out, planes(n, c), Windows.UNIT, Windows.of(h, kh, sH, pH, ho), Windows.of(wd, kw, sW, pW, wo),
                countIncludePad);
    }

    /** {@link #avgPool2d} in double precision. */
    public static void avgPool2d(double[] x, double[] out, int n, int c, int h, int wd, int kh, int kw,
                                 int sH, int sW, int pH, int pW, int ho, int wo, boolean countIncludePad) {
        if (Pool2x2.applies(kh, kw, sH, sW, pH, pW, h, wd, ho, wo)) {
            int planes = planes(n, c);
            requireLength("pooling input", x.length, (long) planes * h * wd);
            requireLength("pooling output", out.length, (long) planes * ho * wo);
            Pool2x2.avgPool(x, out, planes, h, wd, ho, wo);
            return;
        }
        avgPool(x, out, planes(n, c), Windows.UNIT, Windows.of(h, kh, sH, pH, ho), Windows.of(wd, kw, sW, pW, wo),
                countIncludePad);
    }

    /** 3-D average pooling, as {@link #avgPool2d} with a depth axis; arguments as {@link #maxPool3d}'s. */
    public static void avgPool3d(float[] x, float[] out, int n, int c, int[] size, int[] kernel, int[] stride,
                                 int[] pad, int[] outSize, boolean countIncludePad) {
        Windows[] w = Windows.of(size, kernel, stride, pad, outSize);
        avgPool(x, out, planes(n, c), w[0], w[1], w[2], countIncludePad);
    }

    /** {@link #avgPool3d} in double precision. */
    public static void avgPool3d(double[] x, double[] out, int n, int c, int[] size, int[] kernel, int[] stride,
                                 int[] pad, int[] outSize, boolean countIncludePad) {
        Windows[] w = Windows.of(size, kernel, stride, pad, outSize);
        avgPool(x, out, planes(n, c), w[0], w[1], w[2], countIncludePad);
    }

    /**
     * The gradient of {@link #avgPool2d}: each output's gradient, divided by its window's divisor,
     * is added to every input pixel of the window.
     *
     * @param gradOut gradient of the output [n, c, ho, wo]
     * @param gradIn gradient of the input [n, c, h, wd], overwritten
     */
    public static void avgPool2dBackward(float[] gradOut, float[] gradIn, int n, int c, int h, int wd, int kh, int kw,
                                         int sH, int sW, int pH, int pW, int ho, int wo, boolean countIncludePad) {
        if (Pool2x2.applies(kh, kw, sH, sW, pH, pW, h, wd, ho, wo)) {
            int planes = planes(n, c);
            requireLength("pooling input", gradIn.length, (long) planes * h * wd);
            requireLength("pooling output", gradOut.length, (long) planes * ho * wo);
            Pool2x2.avgPoolBackward(gradOut, gradIn, planes, h, wd, ho, wo, Vectorization.ENABLED);
            return;
        }
        avgPoolBackward(gradOut, gradIn, planes(n, c), Windows.UNIT, Windows.of(h, kh, sH, pH, ho),
                Windows.of(wd, kw, sW, pW, wo), countIncludePad);
    }

    /** {@link #avgPool2dBackward} in double precision. */
    public static void avgPool2dBackward(double[] gradOut, double[] gradIn, int n, int c, int h, int wd, int kh, int kw,
                                         int sH, int sW, int pH, int pW, int ho, int wo, boolean countIncludePad) {
        avgPoolBackward(gradOut, gradIn, planes(n, c), Windows.UNIT, Windows.of(h, kh, sH, pH, ho),
                Windows.of(wd, kw, sW, pW, wo), countIncludePad);
    }

    /**
     * The gradient of {@link #avgPool3d}: gradOut [n, c, outSize...] into gradIn [n, c, size...],
     * overwritten; the other arguments as {@link #maxPool3d}'s.
     */
    public static void avgPool3dBackward(float[] gradOut, float[] gradIn, int n, int c, int[] size, int[] kernel,
                                         int[] stride, int[] pad, int[] outSize, boolean countIncludePad) {
        Windows[] w = Windows.of(size, kernel, stride, pad, outSize);
        avgPoolBackward(gradOut, gradIn, planes(n, c), w[0], w[1], w[2], countIncludePad);
    }

    /** {@link #avgPool3dBackward} in double precision. */
    public static void avgPool3dBackward(double[] gradOut, double[] gradIn, int n, int c, int[] size, int[] kernel,
                                         int[] stride, int[] pad, int[] outSize, boolean countIncludePad) {
        Windows[] w = Windows.of(size, kernel, stride, pad, outSize);
        avgPoolBackward(gradOut, gradIn, planes(n, c), w[0], w[1], w[2], countIncludePad);
    }

    // ---- the kernels, over (depth, rows, cols) windows -------------------------------------------

    private static void maxPool(float[] x, float[] out, long[] indices, int planes, Windows depth, Windows rows,
                                Windows cols) {
        checkLengths(planes, depth, rows, cols, x.length, out.length);
        requireIndices(indices, (long) planes * outVolume(depth, rows, cols));
        int h = rows.in(), wd = cols.in();
        Parallel.forRange(planes, cost(depth, rows, cols), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * inVolume(depth, rows, cols);
                int o = plane * outVolume(depth, rows, cols);
                for (int oz = 0; oz < depth.out(); oz++) {
                    for (int oy = 0; oy < rows.out(); oy++) {
                        for (int ox = 0; ox < cols.out(); ox++, o++) {
                            int best = (depth.lo[oz] * h + rows.lo[oy]) * wd + cols.lo[ox];
                            float max = Float.NEGATIVE_INFINITY;
                            for (int iz = depth.lo[oz]; iz < depth.hi[oz]; iz++) {
                                for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                                    int line = (iz * h + iy) * wd;
                                    for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                        float v = x[in + line + ix];
                                        if (v > max || Float.isNaN(v)) {
                                            max = v;
                                            best = line + ix;
                                        }
                                    }
                                }
                            }
                            out[o] = max;
                            if (indices != null) {
                                indices[o] = best;
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@link #maxPool(float[], float[], long[], int, Windows, Windows, Windows)} in double precision. */
    private static void maxPool(double[] x, double[] out, long[] indices, int planes, Windows depth, Windows rows,
                                Windows cols) {
        checkLengths(planes, depth, rows, cols, x.length, out.length);
        requireIndices(indices, (long) planes * outVolume(depth, rows, cols));
        int h = rows.in(), wd = cols.in();
        Parallel.forRange(planes, cost(depth, rows, cols), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * inVolume(depth, rows, cols);
                int o = plane * outVolume(depth, rows, cols);
                for (int oz = 0; oz < depth.out(); oz++) {
                    for (int oy = 0; oy < rows.out(); oy++) {
                        for (int ox = 0; ox < cols.out(); ox++, o++) {
                            int best = (depth.lo[oz] * h + rows.lo[oy]) * wd + cols.lo[ox];
                            double max = Double.NEGATIVE_INFINITY;
                            for (int iz = depth.lo[oz]; iz < depth.hi[oz]; iz++) {
                                for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                                    int line = (iz * h + iy) * wd;
                                    for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                        double v = x[in + line + ix];
                                        if (v > max || Double.isNaN(v)) {
                                            max = v;
                                            best = line + ix;
                                        }
                                    }
                                }
                            }
                            out[o] = max;
                            if (indices != null) {
                                indices[o] = best;
                            }
                        }
                    }
                }
            }
        });
    }

    private static void avgPool(float[] x, float[] out, int planes, Windows depth, Windows rows, Windows cols,
                                boolean countIncludePad) {
        checkLengths(planes, depth, rows, cols, x.length, out.length);
        int h = rows.in(), wd = cols.in();
        Parallel.forRange(planes, cost(depth, rows, cols), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * inVolume(depth, rows, cols);
                int o = plane * outVolume(depth, rows, cols);
                for (int oz = 0; oz < depth.out(); oz++) {
                    for (int oy = 0; oy < rows.out(); oy++) {
                        for (int ox = 0; ox < cols.out(); ox++, o++) {
                            float sum = 0f;
                            for (int iz = depth.lo[oz]; iz < depth.hi[oz]; iz++) {
                                for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                                    int line = in + (iz * h + iy) * wd;
                                    for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                        sum += x[line + ix];
                                    }
                                }
                            }
                            out[o] = sum / divisor(depth, oz, rows, oy, cols, ox, countIncludePad);
                        }
                    }
                }
            }
        });
    }

    /** {@link #avgPool(float[], float[], int, Windows, Windows, Windows, boolean)} in double precision. */
    private static void avgPool(double[] x, double[] out, int planes, Windows depth, Windows rows, Windows cols,
                                boolean countIncludePad) {
        checkLengths(planes, depth, rows, cols, x.length, out.length);
        int h = rows.in(), wd = cols.in();
        Parallel.forRange(planes, cost(depth, rows, cols), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * inVolume(depth, rows, cols);
                int o = plane * outVolume(depth, rows, cols);
                for (int oz = 0; oz < depth.out(); oz++) {
                    for (int oy = 0; oy < rows.out(); oy++) {
                        for (int ox = 0; ox < cols.out(); ox++, o++) {
                            double sum = 0.0;
                            for (int iz = depth.lo[oz]; iz < depth.hi[oz]; iz++) {
                                for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                                    int line = in + (iz * h + iy) * wd;
                                    for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                        sum += x[line + ix];
                                    }
                                }
                            }
                            out[o] = sum / divisor(depth, oz, rows, oy, cols, ox, countIncludePad);
                        }
                    }
                }
            }
        });
    }

    private static void avgPoolBackward(float[] gradOut, float[] gradIn, int planes, Windows depth, Windows rows,
                                        Windows cols, boolean countIncludePad) {
        checkLengths(planes, depth, rows, cols, gradIn.length, gradOut.length);
        int h = rows.in(), wd = cols.in();
        int volume = inVolume(depth, rows, cols);
        Parallel.forRange(planes, cost(depth, rows, cols), (p0, p1) -> {
            Arrays.fill(gradIn, p0 * volume, p1 * volume, 0f);
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * volume;
                int o = plane * outVolume(depth, rows, cols);
                for (int oz = 0; oz < depth.out(); oz++) {
                    for (int oy = 0; oy < rows.out(); oy++) {
                        for (int ox = 0; ox < cols.out(); ox++, o++) {
                            float share = gradOut[o] / divisor(depth, oz, rows, oy, cols, ox, countIncludePad);
                            for (int iz = depth.lo[oz]; iz < depth.hi[oz]; iz++) {
                                for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                                    int line = in + (iz * h + iy) * wd;
                                    for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                        gradIn[line + ix] += share;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@link #avgPoolBackward(float[], float[], int, Windows, Windows, Windows, boolean)} in double precision. */
    private static void avgPoolBackward(double[] gradOut, double[] gradIn, int planes, Windows depth, Windows rows,
                                        Windows cols, boolean countIncludePad) {
        checkLengths(planes, depth, rows, cols, gradIn.length, gradOut.length);
        int h = rows.in(), wd = cols.in();
        int volume = inVolume(depth, rows, cols);
        Parallel.forRange(planes, cost(depth, rows, cols), (p0, p1) -> {
            Arrays.fill(gradIn, p0 * volume, p1 * volume, 0.0);
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * volume;
                int o = plane * outVolume(depth, rows, cols);
                for (int oz = 0; oz < depth.out(); oz++) {
                    for (int oy = 0; oy < rows.out(); oy++) {
                        for (int ox = 0; ox < cols.out(); ox++, o++) {
                            double share = gradOut[o] / divisor(depth, oz, rows, oy, cols, ox, countIncludePad);
                            for (int iz = depth.lo[oz]; iz < depth.hi[oz]; iz++) {
                                for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                                    int line = in + (iz * h + iy) * wd;
                                    for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                        gradIn[line + ix] += share;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    // ---- geometry ------------------------------------------------------------------------------

    private static int divisor(Windows depth, int oz, Windows rows, int oy, Windows cols, int ox, boolean countIncludePad) {
        return countIncludePad
                ? depth.padded[oz] * rows.padded[oy] * cols.padded[ox]
                : (depth.hi[oz] - depth.lo[oz]) * (rows.hi[oy] - rows.lo[oy]) * (cols.hi[ox] - cols.lo[ox]);
    }

    private static int inVolume(Windows depth, Windows rows, Windows cols) {
        return depth.in() * rows.in() * cols.in();
    }

    private static int outVolume(Windows depth, Windows rows, Windows cols) {
        return depth.out() * rows.out() * cols.out();
    }

    /** The work of one plane: every output visits its whole window. */
    private static long cost(Windows depth, Windows rows, Windows cols) {
        return (long) outVolume(depth, rows, cols) * depth.kernel() * rows.kernel() * cols.kernel();
    }

    /**
     * The pooling windows along one axis of {@code in} positions: output i covers input
     * {@code [lo[i], hi[i])}, and {@code padded[i]} input-or-padding positions (the window clipped
     * to the padded input, the size PyTorch's count_include_pad divides by).
     */
    private record Windows(int in, int kernel, int[] lo, int[] hi, int[] padded) {
        /** The depth axis of 2-D pooling: one position, one window. */
        static final Windows UNIT = of(1, 1, 1, 0, 1);

        int out() {
            return lo.length;
        }

        static Windows of(int in, int kernel, int stride, int pad, int out) {
            if (kernel < 1 || stride < 1 || pad < 0 || 2 * pad > kernel || in < 1 || out < 0) {
                throw new IllegalArgumentException("bad pooling geometry: input " + in + ", kernel " + kernel
                        + ", stride " + stride + ", padding " + pad + ", output " + out);
            }
            int[] lo = new int[out];
            int[] hi = new int[out];
            int[] padded = new int[out];
            for (int i = 0; i < out; i++) {
                int start = i * stride - pad;
                int end = Math.min(start + kernel, in + pad);
                padded[i] = end - start;
                lo[i] = Math.max(start, 0);
                hi[i] = Math.min(end, in);
                if (lo[i] >= hi[i]) {
                    throw new IllegalArgumentException("pooling window " + i + " lies outside the input (size " + in
                            + ", kernel " + kernel + ", stride " + stride + ", padding " + pad + ")");
                }
            }
            return new Windows(in, kernel, lo, hi, padded);
        }

        /** The windows of the three axes of 3-D pooling, from (depth, height, width) triples. */
        static Windows[] of(int[] size, int[] kernel, int[] stride, int[] pad, int[] out) {
            for (int[] t : new int[][] {size, kernel, stride, pad, out}) {
                if (t.length != 3) {
                    throw new IllegalArgumentException("3-D pooling sizes come as (depth, height, width), got "
                            + Arrays.toString(t));
                }
            }
            Windows[] windows = new Windows[3];
            for (int a = 0; a < 3; a++) {
                windows[a] = of(size[a], kernel[a], stride[a], pad[a], out[a]);
            }
            return windows;
        }
    }

    private static int planes(int n, int c) {
        if (n < 0 || c < 0) {
            throw new IllegalArgumentException("pooling batch and channels must be >= 0: " + n + ", " + c);
        }
        return n * c;
    }

    private static void checkLengths(int planes, Windows depth, Windows rows, Windows cols, int inLength, int outLength) {
        requireLength("pooling input", inLength, (long) planes * inVolume(depth, rows, cols));
        requireLength("pooling output", outLength, (long) planes * outVolume(depth, rows, cols));
    }

    private static void requireLength(String what, int length, long needed) {
        if (length < needed) {
            throw new IllegalArgumentException(what + " array holds " + length + " elements, needs " + needed);
        }
    }

    /** Indices, where asked for, hold one per output. */
    private static void requireIndices(long[] indices, long outputs) {
        if (indices != null) {
            requireLength("max pool indices", indices.length, outputs);
        }
    }
}
