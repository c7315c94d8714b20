package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * 2-D resizing with PyTorch's {@code F.interpolate(size=...)} semantics ('nearest' and 'bilinear')
 * on nc dense row-major planes, and its gradients, in parallel over the planes.
 *
 * <p>Source positions depend on the output row or column only, so they are computed once per call
 * in tables; the per-pixel loops then only gather (forward) or scatter-add (backward). Float data
 * use float arithmetic for the positions and weights, as PyTorch does, so that rounding at
 * borderline positions picks the same source pixels.
 *
 * <p>Float data with {@link Vectorization#ENABLED} take Vector API row loops ({@link UpsamplingVector})
 * that compute the same float operations in the same order, so results are bitwise those of the
 * scalar loops: nearest ×2 writes each input pixel twice by lane selection; bilinear mixes its two
 * blended source rows by vectors, and where the columns double (PyTorch's ×2 taps, weights 1/4 and
 * 3/4, checked on the tables) blends each input row by vectors too. The gradient of nearest ×2 is a
 * 2×2 sum ({@link Pool2x2#sumPool}) in the scatter loop's order of additions.
 */
public final class Upsampling {
    private Upsampling() {}

    /**
     * Nearest-neighbour resize: {@code out[oy, ox] = x[src(oy), src(ox)]} with PyTorch's rule
     * {@code src = min(floor(dst * (float) in / out), in - 1)}.
     *
     * @param x input [nc, h, wd]
     * @param out output [nc, ho, wo]
     */
    public static void nearest(float[] x, float[] out, int nc, int h, int wd, int ho, int wo) {
        nearest(x, out, nc, h, wd, ho, wo, Vectorization.ENABLED);
    }

    /** {@link #nearest}; {@code vector}: doubled rows by the Vector API (only where {@link Vectorization#ENABLED}). */
    static void nearest(float[] x, float[] out, int nc, int h, int wd, int ho, int wo, boolean vector) {
        checkLengths(nc, h, wd, ho, wo, x.length, out.length);
        int[] srcRow = nearestSources(h, ho);
        int[] srcCol = nearestSources(wd, wo);
        boolean doubled = wo == 2 * wd && halves(srcCol);
        boolean vectorDoubled = doubled && vector && UpsamplingVector.doublesRowsOf(wd);
        Parallel.forRange(nc, (long) ho * wo, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                for (int oy = 0; oy < ho; oy++) {
                    int dst = (plane * ho + oy) * wo;
                    if (oy > 0 && srcRow[oy] == srcRow[oy - 1]) {
                        // Upsampling repeats rows: copy the one just written.
                        System.arraycopy(out, dst - wo, out, dst, wo);
                        continue;
                    }
                    int src = (plane * h + srcRow[oy]) * wd;
                    if (vectorDoubled) {
                        UpsamplingVector.nearestDoubledRow(x, src, wd, out, dst);
                        continue;
                    }
                    if (doubled) {
                        // srcCol[ox] is ox / 2: write each input pixel twice, no table
                        for (int ix = 0; ix < wd; ix++) {
                            float v = x[src + ix];
                            out[dst + 2 * ix] = v;
                            out[dst + 2 * ix + 1] = v;
                        }
                        continue;
                    }
                    for (int ox = 0; ox < wo; ox++) {
                        out[dst + ox] = x[src + srcCol[ox]];
                    }
                }
            }
        });
    }

    /** {@link #nearest} in double precision, with the same (float) source rule. */
    public static void nearest(double[] x, double[] out, int nc, int h, int wd, int ho, int wo) {
        checkLengths(nc, h, wd, ho, wo, x.length, out.length);
        int[] srcRow = nearestSources(h, ho);
        int[] srcCol = nearestSources(wd, wo);
        boolean doubled = wo == 2 * wd && halves(srcCol);
        Parallel.forRange(nc, (long) ho * wo, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                for (int oy = 0; oy < ho; oy++) {
                    int dst = (plane * ho + oy) * wo;
                    if (oy > 0 && srcRow[oy] == srcRow[oy - 1]) {
                        System.arraycopy(out, dst - wo, out, dst, wo);
                        continue;
                    }
                    int src = (plane * h + srcRow[oy]) * wd;
                    if (doubled) {
                        // srcCol[ox] is ox / 2: write each input pixel twice, no table
                        for (int ix = 0; ix < wd; ix++) {
                            double v = x[src + ix];
                            out[dst + 2 * ix] = v;
                            out[dst + 2 * ix + 1] = v;
                        }
                        continue;
                    }
                    for (int ox = 0; ox < wo; ox++) {
                        out[dst + ox] = x[src + srcCol[ox]];
                    }
                }
            }
        });
    }

    /**
     * The gradient of {@link #nearest}: each input pixel receives the sum of the output gradients
     * that copied it.
     *
     * @param gradOut gradient of the output [nc, ho, wo]
     * @param gradIn gradient of the input [nc, h, wd], overwritten
     */
    public static void nearestBackward(float[] gradOut, float[] gradIn, int nc, int h, int wd, int ho, int wo) {
        nearestBackward(gradOut, gradIn, nc, h, wd, ho, wo, Vectorization.ENABLED);
    }

    /**
     * {@link #nearestBackward}; {@code vector}: the ×2 case by the Vector API (only where
     * {@link Vectorization#ENABLED}).
     */
    static void nearestBackward(float[] gradOut, float[] gradIn, int nc, int h, int wd, int ho, int wo,
                                boolean vector) {
        checkLengths(nc, h, wd, ho, wo, gradIn.length, gradOut.length);
        int[] srcRow = nearestSources(h, ho);
        int[] srcCol = nearestSources(wd, wo);
        if (ho == 2 * h && wo == 2 * wd && halves(srcRow) && halves(srcCol)) {
            // ×2: each input pixel sums a 2×2 block of gradients, ((0 + a) + b) + c) + d, the
            // order in which the loop below adds them (row by row, left to right)
            Pool2x2.sumPool(gradOut, gradIn, nc, ho, wo, h, wd, 1f, vector);
            return;
        }
        Parallel.forRange(nc, (long) ho * wo, (p0, p1) -> {
            Arrays.fill(gradIn, p0 * h * wd, p1 * h * wd, 0f);
            for (int plane = p0; plane < p1; plane++) {
                for (int oy = 0; oy < ho; oy++) {
                    int src = (plane * ho + oy) * wo;
                    int dst = (plane * h + srcRow[oy]) * wd;
                    for (int ox = 0; ox < wo; ox++) {
                        gradIn[dst + srcCol[ox]] += gradOut[src + ox];
                    }
                }
            }
        });
    }

    /** {@link #nearestBackward} in double precision. */
    public static void nearestBackward(double[] gradOut, double[] gradIn, int nc, int h, int wd, int ho, int wo) {
        checkLengths(nc, h, wd, ho, wo, gradIn.length, gradOut.length);
        int[] srcRow = nearestSources(h, ho);
        int[] srcCol = nearestSources(wd, wo);
        Parallel.forRange(nc, (long) ho * wo, (p0, p1) -> {
            Arrays.fill(gradIn, p0 * h * wd, p1 * h * wd, 0.0);
            for (int plane = p0; plane < p1; plane++) {
                for (int oy = 0; oy < ho; oy++) {
                    int src = (plane * ho + oy) * wo;
                    int dst = (plane * h + srcRow[oy]) * wd;
                    for (int ox = 0; ox < wo; ox++) {
                        gradIn[dst + srcCol[ox]] += gradOut[src + ox];
                    }
                }
            }
        });
    }

    /**
     * Bilinear resize with PyTorch's source positions: with {@code alignCorners},
     * {@code src = dst * (in-1)/(out-1)} (0 when out is 1), so the corner pixels line up; without,
     * {@code src = max((dst + 0.5) * in/out - 0.5, 0)}, so the pixel areas line up. Each output
     * mixes the source pixels {@code floor(src)} and the next one (clamped to in-1) of its row and
     * column.
     *
     * @param x input [nc, h, wd]
     * @param out output [nc, ho, wo]
     */
    public static void bilinear(float[] x, float[] out, int nc, int h, int wd, int ho, int wo, boolean alignCorners) {
        bilinear(x, out, nc, h, wd, ho, wo, alignCorners, Vectorization.ENABLED);
    }

    /**
     * {@link #bilinear}; {@code vector}: rows by the Vector API (only where
     * {@link Vectorization#ENABLED}), the horizontal blend too where the columns are doubled.
     */
    static void bilinear(float[] x, float[] out, int nc, int h, int wd, int ho, int wo, boolean alignCorners,
                         boolean vector) {
        checkLengths(nc, h, wd, ho, wo, x.length, out.length);
        LinearTaps rows = LinearTaps.ofFloat(h, ho, alignCorners);
        LinearTaps cols = LinearTaps.ofFloat(wd, wo, alignCorners);
        int[] c0 = cols.first, c1 = cols.second;
        float[] wx0 = toFloats(cols.firstWeight), wx1 = toFloats(cols.secondWeight);
        boolean vectorRows = vector && wo >= UpsamplingVector.L;
        boolean doubles = vectorRows && UpsamplingVector.bilinearDoubles(wd, wo, c0, c1, wx0, wx1);
        Parallel.forRange(nc, 4L * ho * wo, (p0, p1) -> {
            // Separable: each input row's horizontal blend is computed once and kept while the
            // output rows that mix it are written (two slots, as the source rows only advance).
            float[][] blend = {new float[wo], new float[wo]};
            int[] held = new int[2];
            for (int plane = p0; plane < p1; plane++) {
                held[0] = -1;
                held[1] = -1;
                int base = plane * h * wd;
                int dst = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++, dst += wo) {
                    int s0 = slot(rows.first[oy], -1, held);
                    if (held[s0] != rows.first[oy]) {
                        blendRow(x, base + rows.first[oy] * wd, wd, c0, c1, wx0, wx1, blend[s0], doubles);
                        held[s0] = rows.first[oy];
                    }
                    int s1 = slot(rows.second[oy], s0, held);
                    if (held[s1] != rows.second[oy]) {
                        blendRow(x, base + rows.second[oy] * wd, wd, c0, c1, wx0, wx1, blend[s1], doubles);
                        held[s1] = rows.second[oy];
                    }
                    float wy0 = (float) rows.firstWeight[oy];
                    float wy1 = (float) rows.secondWeight[oy];
                    float[] b0 = blend[s0], b1 = blend[s1];
                    if (vectorRows) {
                        UpsamplingVector.mix(wy0, b0, wy1, b1, out, dst, wo);
                        continue;
                    }
                    for (int ox = 0; ox < wo; ox++) {
                        out[dst + ox] = wy0 * b0[ox] + wy1 * b1[ox];
                    }
                }
            }
        });
    }

    private static void blendRow(float[] x, int row, int wd, int[] c0, int[] c1, float[] w0, float[] w1, float[] into,
                                 boolean doubles) {
        if (doubles) {
            UpsamplingVector.bilinearDoubledRow(x, row, wd, c0, c1, w0, w1, into);
            return;
        }
        for (int ox = 0; ox < into.length; ox++) {
            into[ox] = w0[ox] * x[row + c0[ox]] + w1[ox] * x[row + c1[ox]];
        }
    }

    /** {@link #bilinear} in double precision, positions and weights included. */
    public static void bilinear(double[] x, double[] out, int nc, int h, int wd, int ho, int wo, boolean alignCorners) {
        checkLengths(nc, h, wd, ho, wo, x.length, out.length);
        LinearTaps rows = LinearTaps.ofDouble(h, ho, alignCorners);
        LinearTaps cols = LinearTaps.ofDouble(wd, wo, alignCorners);
        int[] c0 = cols.first, c1 = cols.second;
        double[] wx0 = cols.firstWeight, wx1 = cols.secondWeight;
        Parallel.forRange(nc, 4L * ho * wo, (p0, p1) -> {
            double[][] blend = {new double[wo], new double[wo]};
            int[] held = new int[2];
            for (int plane = p0; plane < p1; plane++) {
                held[0] = -1;
                held[1] = -1;
                int base = plane * h * wd;
                int dst = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++, dst += wo) {
                    int s0 = slot(rows.first[oy], -1, held);
                    if (held[s0] != rows.first[oy]) {
                        blendRow(x, base + rows.first[oy] * wd, c0, c1, wx0, wx1, blend[s0]);
                        held[s0] = rows.first[oy];
                    }
                    int s1 = slot(rows.second[oy], s0, held);
                    if (held[s1] != rows.second[oy]) {
                        blendRow(x, base + rows.second[oy] * wd, c0, c1, wx0, wx1, blend[s1]);
                        held[s1] = rows.second[oy];
                    }
                    double wy0 = rows.firstWeight[oy];
                    double wy1 = rows.secondWeight[oy];
                    double[] b0 = blend[s0], b1 = blend[s1];
                    for (int ox = 0; ox < wo; ox++) {
                        out[dst + ox] = wy0 * b0[ox] + wy1 * b1[ox];
                    }
                }
            }
        });
    }

    private static void blendRow(double[] x, int row, int[] c0, int[] c1, double[] w0, double[] w1, double[] into) {
        for (int ox = 0; ox < into.length; ox++) {
            into[ox] = w0[ox] * x[row + c0[ox]] + w1[ox] * x[row + c1[ox]];
        }
    }

    /**
     * The blend slot for source row {@code row}: the one holding it, else the one to overwrite,
     * never {@code keep}; with both free to go, the one holding the lower row (rows only advance).
     */
    private static int slot(int row, int keep, int[] held) {
        if (held[0] == row) {
            return 0;
        }
        if (held[1] == row) {
            return 1;
        }
        if (keep >= 0) {
            return 1 - keep;
        }
        return held[0] <= held[1] ? 0 : 1;
    }

    private static float[] toFloats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /**
     * The gradient of {@link #bilinear}: each output gradient is added to its four source pixels,
     * weighted as in the forward pass.
     *
     * @param gradOut gradient of the output [nc, ho, wo]
     * @param gradIn gradient of the input [nc, h, wd], overwritten
     */
    public static void bilinearBackward(float[] gradOut, float[] gradIn, int nc, int h, int wd, int ho, int wo,
                                        boolean alignCorners) {
        checkLengths(nc, h, wd, ho, wo, gradIn.length, gradOut.length);
        LinearTaps rows = LinearTaps.ofFloat(h, ho, alignCorners);
        LinearTaps cols = LinearTaps.ofFloat(wd, wo, alignCorners);
        Parallel.forRange(nc, 4L * ho * wo, (p0, p1) -> {
            Arrays.fill(gradIn, p0 * h * wd, p1 * h * wd, 0f);
            for (int plane = p0; plane < p1; plane++) {
                int src = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++) {
                    int row0 = (plane * h + rows.first[oy]) * wd;
                    int row1 = (plane * h + rows.second[oy]) * wd;
                    float wy0 = (float) rows.firstWeight[oy];
                    float wy1 = (float) rows.secondWeight[oy];
                    for (int ox = 0; ox < wo; ox++, src++) {
                        int x0 = cols.first[ox];
                        int x1 = cols.second[ox];
                        float wx0 = (float) cols.firstWeight[ox];
                        float wx1 = (float) cols.secondWeight[ox];
                        float g = gradOut[src];
                        gradIn[row0 + x0] += wy0 * wx0 * g;
                        gradIn[row0 + x1] += wy0 * wx1 * g;
                        gradIn[row1 + x0] += wy1 * wx0 * g;
                        gradIn[row1 + x1] += wy1 * wx1 * g;
                    }
                }
            }
        });
    }

    /** {@link #bilinearBackward} in double precision. */
    public static void bilinearBackward(double[] gradOut, double[] gradIn, int nc, int h, int wd, int ho, int wo,
                                        boolean alignCorners) {
        checkLengths(nc, h, wd, ho, wo, gradIn.length, gradOut.length);
        LinearTaps rows = LinearTaps.ofDouble(h, ho, alignCorners);
        LinearTaps cols = LinearTaps.ofDouble(wd, wo, alignCorners);
        Parallel.forRange(nc, 4L * ho * wo, (p0, p1) -> {
            Arrays.fill(gradIn, p0 * h * wd, p1 * h * wd, 0.0);
            for (int plane = p0; plane < p1; plane++) {
                int src = plane * ho * wo;
                for (int oy = 0; oy < ho; oy++) {
                    int row0 = (plane * h + rows.first[oy]) * wd;
                    int row1 = (plane * h + rows.second[oy]) * wd;
                    double wy0 = rows.firstWeight[oy];
                    double wy1 = rows.secondWeight[oy];
                    for (int ox = 0; ox < wo; ox++, src++) {
                        int x0 = cols.first[ox];
                        int x1 = cols.second[ox];
                        double wx0 = cols.firstWeight[ox];
                        double wx1 = cols.secondWeight[ox];
                        double g = gradOut[src];
                        gradIn[row0 + x0] += wy0 * wx0 * g;
                        gradIn[row0 + x1] += wy0 * wx1 * g;
                        gradIn[row1 + x0] += wy1 * wx0 * g;
                        gradIn[row1 + x1] += wy1 * wx1 * g;
                    }
                }
            }
        });
    }

    /** Whether the source of each output position i is i / 2 (doubling, as the tables say). */
    private static boolean halves(int[] src) {
        for (int i = 0; i < src.length; i++) {
            if (src[i] != i / 2) {
                return false;
            }
        }
        return true;
    }

    /** PyTorch's nearest source index for each of {@code out} positions, computed in float as PyTorch does. */
    private static int[] nearestSources(int in, int out) {
        float scale = (float) in / out;
        int[] src = new int[out];
        for (int i = 0; i < out; i++) {
            src[i] = Math.min((int) Math.floor((float) i * scale), in - 1);
        }
        return src;
    }

    /**
     * The two source taps and their weights for each output position along one axis. Weights are
     * stored as doubles; for float data they hold float values computed in float arithmetic.
     */
    private record LinearTaps(int[] first, int[] second, double[] firstWeight, double[] secondWeight) {
        static LinearTaps ofFloat(int in, int out, boolean alignCorners) {
            float scale = alignCorners
                    ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f)
                    : (float) in / out;
            LinearTaps taps = empty(out);
            for (int i = 0; i < out; i++) {
                float src = alignCorners ? scale * i : Math.max(scale * (i + 0.5f) - 0.5f, 0f);
                int i0 = (int) src;
                float lambda = Math.clamp(src - i0, 0f, 1f);
                taps.set(i, i0, in, 1f - lambda, lambda);
            }
            return taps;
        }

        static LinearTaps ofDouble(int in, int out, boolean alignCorners) {
            double scale = alignCorners
                    ? (out > 1 ? (double) (in - 1) / (out - 1) : 0.0)
                    : (double) in / out;
            LinearTaps taps = empty(out);
            for (int i = 0; i < out; i++) {
                double src = alignCorners ? scale * i : Math.max(scale * (i + 0.5) - 0.5, 0.0);
                int i0 = (int) src;
                double lambda = Math.clamp(src - i0, 0.0, 1.0);
                taps.set(i, i0, in, 1.0 - lambda, lambda);
            }
            return taps;
        }

        private static LinearTaps empty(int out) {
            return new LinearTaps(new int[out], new int[out], new double[out], new double[out]);
        }

        /** The second tap is the next pixel, or the first again at the last pixel. */
        private void set(int i, int i0, int in, double w0, double w1) {
            first[i] = i0;
            second[i] = i0 < in - 1 ? i0 + 1 : i0;
            firstWeight[i] = w0;
            secondWeight[i] = w1;
        }
    }

    private static void checkLengths(int nc, int h, int wd, int ho, int wo, int inLength, int outLength) {
        if (nc < 0 || h < 1 || wd < 1 || ho < 1 || wo < 1) {
            throw new IllegalArgumentException("bad upsampling sizes: planes " + nc + ", input " + h + "x" + wd
                    + ", output " + ho + "x" + wo);
        }
        requireLength("upsampling input", inLength, (long) nc * h * wd);
        requireLength("upsampling output", outLength, (long) nc * ho * wo);
    }

    private static void requireLength(String what, int length, long needed) {
        if (length < needed) {
            throw new IllegalArgumentException(what + " array holds " + length + " elements, needs " + needed);
        }
    }
}
