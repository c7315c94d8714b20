package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * The common 2×2, stride-2, unpadded 2-D pooling (every window whole, inside the input), as row
 * pairs: no window tables, no per-element index arithmetic beyond the two row offsets. Results are
 * bitwise those of {@link Pooling}'s general loops: the same visiting order (top row left to right,
 * then the bottom row), the same NaN rule and first-maximum ties, the same float sums.
 *
 * <p>Float data take the Vector API loops of {@link Pool2x2Vector} when the caller passes
 * {@code vector} ({@link Vectorization#ENABLED}); the scalar row loops here are their short-row
 * cases and the fallback, and tests run both. Double data (gradchecks) stay scalar.
 */
final class Pool2x2 {
    private Pool2x2() {}

    /** Whether the general geometry is this one. */
    static boolean applies(int kh, int kw, int sH, int sW, int pH, int pW, int h, int wd, int ho, int wo) {
        return kh == 2 && kw == 2 && sH == 2 && sW == 2 && pH == 0 && pW == 0
                && ho >= 1 && wo >= 1 && 2 * ho <= h && 2 * wo <= wd;
    }

    static long cost(int ho, int wo) {
        return 4L * ho * wo;
    }

    /** Max pooling; {@code vector}: by the Vector API loops (only where {@link Vectorization#ENABLED}). */
    static void maxPool(float[] x, float[] out, long[] indices, int planes, int h, int wd, int ho, int wo,
                        boolean vector) {
        if (vector) {
            Pool2x2Vector.maxPool(x, out, indices, planes, h, wd, ho, wo);
            return;
        }
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int o = (plane * ho + oy) * wo;
                    maxRow(x, in, 2 * oy * wd, wd, out, indices, o, wo);
                }
            }
        });
    }

    /**
     * The {@code wo} outputs of one output row: {@code line0} is the offset of its top input
     * row within the plane that starts at {@code in}, {@code o} the offset of the output row.
     * The comparisons are those of the general loop ({@code v > m || v != v}), without
     * short-circuit, so that the JIT may turn them into conditional moves.
     */
    static void maxRow(float[] x, int in, int line0, int wd, float[] out, long[] indices, int o, int wo) {
        int r0 = in + line0, r1 = r0 + wd;
        for (int ox = 0; ox < wo; ox++) {
            int ix = 2 * ox;
            float m = x[r0 + ix];
            int best = line0 + ix;
            float v = x[r0 + ix + 1];
            boolean take = v > m | v != v;
            m = take ? v : m;
            best = take ? line0 + ix + 1 : best;
            v = x[r1 + ix];
            take = v > m | v != v;
            m = take ? v : m;
            best = take ? line0 + wd + ix : best;
            v = x[r1 + ix + 1];
            take = v > m | v != v;
            m = take ? v : m;
            best = take ? line0 + wd + ix + 1 : best;
            out[o + ox] = m;
            if (indices != null) {
                indices[o + ox] = best;
            }
        }
    }

    static void maxPool(double[] x, double[] out, long[] indices, int planes, int h, int wd, int ho, int wo) {
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int line0 = 2 * oy * wd;
                    int r0 = in + line0, r1 = r0 + wd;
                    int o = (plane * ho + oy) * wo;
                    for (int ox = 0; ox < wo; ox++) {
                        int ix = 2 * ox;
                        double m = x[r0 + ix];
                        int best = line0 + ix;
                        double v = x[r0 + ix + 1];
                        boolean take = v > m | v != v;
                        m = take ? v : m;
                        best = take ? line0 + ix + 1 : best;
                        v = x[r1 + ix];
                        take = v > m | v != v;
                        m = take ? v : m;
                        best = take ? line0 + wd + ix : best;
                        v = x[r1 + ix + 1];
                        take = v > m | v != v;
                        m = take ? v : m;
                        best = take ? line0 + wd + ix + 1 : best;
                        out[o + ox] = m;
                        if (indices != null) {
                            indices[o + ox] = best;
                        }
                    }
                }
            }
        });
    }

    /** Average: {@code (((0 + a) + b) + c) + d) / 4}, the general loop's order (0 + -0 is +0). */
    static void avgPool(float[] x, float[] out, int planes, int h, int wd, int ho, int wo, boolean vector) {
        sumPool(x, out, planes, h, wd, ho, wo, 0.25f, vector);
    }

    /**
     * {@code (((0 + a) + b) + c) + d) * scale} over each window. With a scale of 1/4 that is the
     * average (multiplying by 1/4 and dividing by 4 round alike: both are exact up to the one
     * rounding); with 1 it is the sum in the order in which the ×2 nearest upsampling's gradient
     * accumulates its four output gradients.
     */
    static void sumPool(float[] x, float[] out, int planes, int h, int wd, int ho, int wo, float scale,
                        boolean vector) {
        if (vector) {
            Pool2x2Vector.sumPool(x, out, planes, h, wd, ho, wo, scale);
            return;
        }
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    sumRow(x, in + 2 * oy * wd, wd, out, (plane * ho + oy) * wo, wo, scale);
                }
            }
        });
    }

    /** The {@code wo} outputs of one output row whose top input row starts at {@code r0}. */
    static void sumRow(float[] x, int r0, int wd, float[] out, int o, int wo, float scale) {
        int r1 = r0 + wd;
        for (int ox = 0; ox < wo; ox++) {
            int ix = 2 * ox;
            float sum = 0f + x[r0 + ix];
            sum += x[r0 + ix + 1];
            sum += x[r1 + ix];
            sum += x[r1 + ix + 1];
            out[o + ox] = sum * scale;
        }
    }

    /**
     * The gradient of {@link #avgPool}: each pixel of window o receives {@code 0 + gradOut[o] / 4}
     * (the general loop's zero fill plus its one share; windows do not overlap), pixels outside
     * every window (an odd last row or column) 0.
     */
    static void avgPoolBackward(float[] gradOut, float[] gradIn, int planes, int h, int wd, int ho, int wo,
                                boolean vector) {
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int r0 = in + 2 * oy * wd;
                    int o = (plane * ho + oy) * wo;
                    if (vector && wo >= Pool2x2Vector.L) {
                        Pool2x2Vector.spreadRow(gradOut, o, wo, gradIn, r0, wd);
                    } else {
                        spreadRow(gradOut, o, wo, gradIn, r0, wd);
                    }
                    Arrays.fill(gradIn, r0 + 2 * wo, r0 + wd, 0f);
                    Arrays.fill(gradIn, r0 + wd + 2 * wo, r0 + 2 * wd, 0f);
                }
                Arrays.fill(gradIn, in + 2 * ho * wd, in + h * wd, 0f);
            }
        });
    }

    /** The {@code wo} windows of the gradient row at {@code o} into the two input rows from {@code r0}. */
    static void spreadRow(float[] gradOut, int o, int wo, float[] gradIn, int r0, int wd) {
        int r1 = r0 + wd;
        for (int ox = 0; ox < wo; ox++) {
            float share = 0f + gradOut[o + ox] / 4f;
            int ix = 2 * ox;
            gradIn[r0 + ix] = share;
            gradIn[r0 + ix + 1] = share;
            gradIn[r1 + ix] = share;
            gradIn[r1 + ix + 1] = share;
        }
    }

    static void avgPool(double[] x, double[] out, int planes, int h, int wd, int ho, int wo) {
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int r0 = in + 2 * oy * wd, r1 = r0 + wd;
                    int o = (plane * ho + oy) * wo;
                    for (int ox = 0; ox < wo; ox++) {
                        int ix = 2 * ox;
                        double sum = 0.0 + x[r0 + ix];
                        sum += x[r0 + ix + 1];
                        sum += x[r1 + ix];
                        sum += x[r1 + ix + 1];
                        out[o + ox] = sum / 4.0;
                    }
                }
            }
        });
    }
}
