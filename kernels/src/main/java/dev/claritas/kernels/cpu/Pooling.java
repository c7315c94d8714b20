package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * 2-D max and average pooling with PyTorch's semantics on dense row-major NCHW arrays, in parallel
 * over the n·c planes.
 *
 * <p>Output pixel (oy, ox) pools the window of rows {@code [oy*sH - pH, oy*sH - pH + kh)} and columns
 * likewise, clipped to the input. The caller passes the output size (ho, wo), which is where
 * PyTorch's ceil_mode shows: with it, the last window may hang over the bottom or right edge (and
 * must start inside the input or the left padding).
 */
public final class Pooling {
    private Pooling() {}

    /**
     * Max pooling. Padding counts as -∞; a NaN in a window is its maximum (the last NaN when there
     * are several), otherwise the first maximum wins, as in PyTorch.
     *
     * @param x input [n, c, h, wd]
     * @param out output [n, c, ho, wo]
     * @param indices receives, for each output, the flat index {@code iy*wd + ix} of its maximum
     *     within its input plane
     */
    public static void maxPool2d(float[] x, float[] out, long[] indices, int n, int c, int h, int wd,
                                 int kh, int kw, int sH, int sW, int pH, int pW, int ho, int wo) {
        Windows rows = Windows.of(h, kh, sH, pH, ho);
        Windows cols = Windows.of(wd, kw, sW, pW, wo);
        checkLengths(n, c, h, wd, ho, wo, x.length, out.length);
        requireLength("max pool indices", indices.length, (long) n * c * ho * wo);
        Parallel.forRange(n * c, (long) ho * wo * kh * kw, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                int o = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++, o++) {
                        int best = rows.lo[oy] * wd + cols.lo[ox];
                        float max = Float.NEGATIVE_INFINITY;
                        for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                            for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                float v = x[in + iy * wd + ix];
                                if (v > max || Float.isNaN(v)) {
                                    max = v;
                                    best = iy * wd + ix;
                                }
                            }
                        }
                        out[o] = max;
                        indices[o] = best;
                    }
                }
            }
        });
    }

    /** {@link #maxPool2d} in double precision. */
    public static void maxPool2d(double[] x, double[] out, long[] indices, int n, int c, int h, int wd,
                                 int kh, int kw, int sH, int sW, int pH, int pW, int ho, int wo) {
        Windows rows = Windows.of(h, kh, sH, pH, ho);
        Windows cols = Windows.of(wd, kw, sW, pW, wo);
        checkLengths(n, c, h, wd, ho, wo, x.length, out.length);
        requireLength("max pool indices", indices.length, (long) n * c * ho * wo);
        Parallel.forRange(n * c, (long) ho * wo * kh * kw, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                int o = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++, o++) {
                        int best = rows.lo[oy] * wd + cols.lo[ox];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                            for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                double v = x[in + iy * wd + ix];
                                if (v > max || Double.isNaN(v)) {
                                    max = v;
                                    best = iy * wd + ix;
                                }
                            }
                        }
                        out[o] = max;
                        indices[o] = best;
                    }
                }
            }
        });
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
        Windows rows = Windows.of(h, kh, sH, pH, ho);
        Windows cols = Windows.of(wd, kw, sW, pW, wo);
        checkLengths(n, c, h, wd, ho, wo, x.length, out.length);
        Parallel.forRange(n * c, (long) ho * wo * kh * kw, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                int o = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++, o++) {
                        float sum = 0f;
                        for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                            for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                sum += x[in + iy * wd + ix];
                            }
                        }
                        out[o] = sum / divisor(rows, oy, cols, ox, countIncludePad);
                    }
                }
            }
        });
    }

    /** {@link #avgPool2d} in double precision. */
    public static void avgPool2d(double[] x, double[] out, int n, int c, int h, int wd, int kh, int kw,
                                 int sH, int sW, int pH, int pW, int ho, int wo, boolean countIncludePad) {
        Windows rows = Windows.of(h, kh, sH, pH, ho);
        Windows cols = Windows.of(wd, kw, sW, pW, wo);
        checkLengths(n, c, h, wd, ho, wo, x.length, out.length);
        Parallel.forRange(n * c, (long) ho * wo * kh * kw, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                int o = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++, o++) {
                        double sum = 0.0;
                        for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                            for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                sum += x[in + iy * wd + ix];
                            }
                        }
                        out[o] = sum / divisor(rows, oy, cols, ox, countIncludePad);
                    }
                }
            }
        });
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
        Windows rows = Windows.of(h, kh, sH, pH, ho);
        Windows cols = Windows.of(wd, kw, sW, pW, wo);
        checkLengths(n, c, h, wd, ho, wo, gradIn.length, gradOut.length);
        Parallel.forRange(n * c, (long) ho * wo * kh * kw, (p0, p1) -> {
            Arrays.fill(gradIn, p0 * h * wd, p1 * h * wd, 0f);
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                int o = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++, o++) {
                        float share = gradOut[o] / divisor(rows, oy, cols, ox, countIncludePad);
                        for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                            for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                gradIn[in + iy * wd + ix] += share;
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@link #avgPool2dBackward} in double precision. */
    public static void avgPool2dBackward(double[] gradOut, double[] gradIn, int n, int c, int h, int wd, int kh, int kw,
                                         int sH, int sW, int pH, int pW, int ho, int wo, boolean countIncludePad) {
        Windows rows = Windows.of(h, kh, sH, pH, ho);
        Windows cols = Windows.of(wd, kw, sW, pW, wo);
        checkLengths(n, c, h, wd, ho, wo, gradIn.length, gradOut.length);
        Parallel.forRange(n * c, (long) ho * wo * kh * kw, (p0, p1) -> {
            Arrays.fill(gradIn, p0 * h * wd, p1 * h * wd, 0.0);
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                int o = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++, o++) {
                        double share = gradOut[o] / divisor(rows, oy, cols, ox, countIncludePad);
                        for (int iy = rows.lo[oy]; iy < rows.hi[oy]; iy++) {
                            for (int ix = cols.lo[ox]; ix < cols.hi[ox]; ix++) {
                                gradIn[in + iy * wd + ix] += share;
                            }
                        }
                    }
                }
            }
        });
    }

    private static int divisor(Windows rows, int oy, Windows cols, int ox, boolean countIncludePad) {
        return countIncludePad
                ? rows.padded[oy] * cols.padded[ox]
                : (rows.hi[oy] - rows.lo[oy]) * (cols.hi[ox] - cols.lo[ox]);
    }

    /**
     * The pooling windows along one axis: output i covers input {@code [lo[i], hi[i])}, and
     * {@code padded[i]} input-or-padding positions (the window clipped to the padded input, the
     * size PyTorch's count_include_pad divides by).
     */
    private record Windows(int[] lo, int[] hi, int[] padded) {
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
            return new Windows(lo, hi, padded);
        }
    }

    private static void checkLengths(int n, int c, int h, int wd, int ho, int wo, int inLength, int outLength) {
        if (n < 0 || c < 0) {
            throw new IllegalArgumentException("pooling batch and channels must be >= 0: " + n + ", " + c);
        }
        requireLength("pooling input", inLength, (long) n * c * h * wd);
        requireLength("pooling output", outLength, (long) n * c * ho * wo);
    }

    private static void requireLength(String what, int length, long needed) {
        if (length < needed) {
            throw new IllegalArgumentException(what + " array holds " + length + " elements, needs " + needed);
        }
    }
}
