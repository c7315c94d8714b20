package dev.claritas.kernels.cpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.spi.View;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Standardization} of {@code [a, c, 1]}: channels last, as batch norm on NHWC activations and
 * BatchNorm1d on [N, C] arrive. A channel's elements lie one per row at stride c, so the passes run
 * along the rows with the channels side by side in vector lanes (float32), not channel by channel.
 *
 * <p>The rounding is the per-channel path's: the mean, then the biased variance from the squared
 * deviations in a second pass, {@code x̂ = (x − mean)·rstd} and {@code out = x̂·w + bias} (subtract
 * then multiply, multiply then add), and backward {@code dx = ((g − meanGrad) − x̂·meanProjection)·scale}.
 * Only the order of the sums differs. The rows are cut into parts of whole blocks of 64 rows, sized
 * by c alone, that are the parallel tasks; each part sums its blocks in float32 lanes (four
 * accumulators taking the rows in turn, added pairwise at the end of the block) and adds each block's
 * sums into per-channel doubles in order, and the parts' sums are then added in part order. So the
 * bits depend on the shape but not on the thread count. Float64 adds each row straight into its
 * part's doubles.
 */
final class StandardizationChannelsLast {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Double lanes in vectors as wide as S's: a float vector's sums widen into two of them. */
    private static final VectorSpecies<Double> D = S.withLanes(double.class);
    /** Rows summed in float before the sums go into double: 16 per accumulator. */
    private static final int BLOCK = 64;
    /** About how many elements a part holds: enough to be worth a task, few enough to share among threads. */
    private static final int PART_ELEMENTS = 1 << 15;

    private StandardizationChannelsLast() {}

    /** A pass that adds per-channel sums over the rows {@code [r0, r1)} into {@code into[at…]}. */
    @FunctionalInterface
    private interface PartSums {
        void add(int r0, int r1, double[] into, int at);
    }

    /** See {@link Standardization#forward} with b = 1. */
    static void forward(View x, int a, int c, double eps, View weight, View bias, View xHat, View out, View mean,
                        View var) {
        Object xs = Buffers.array(x), hs = Buffers.array(xHat), os = out == null ? null : Buffers.array(out);
        int xo = x.offset(), ho = xHat.offset(), oo = out == null ? 0 : out.offset();
        double[] mu = divide(overParts(a, c, 1, (r0, r1, into, at) -> sum(xs, xo, c, r0, r1, into, at)), a);
        Object m = inElementType(xs, mu);
        double[] variance = divide(overParts(a, c, 1,
                (r0, r1, into, at) -> squaredDeviations(xs, xo, c, r0, r1, m, into, at)), a);
        double[] rstd = new double[c];
        for (int ch = 0; ch < c; ch++) {
            rstd[ch] = 1 / Math.sqrt(variance[ch] + eps);
        }
        Object r = inElementType(xs, rstd);
        Object w = out == null ? null : inElementType(xs, perChannel(weight, c));
        Object shift = out == null ? null : inElementType(xs, perChannel(bias, c));
        Parallel.forRange(a, 3L * c, (r0, r1) -> normalize(xs, xo, hs, ho, os, oo, c, r0, r1, m, r, w, shift));
        for (int ch = 0; ch < c; ch++) {
            Buffers.set(Buffers.array(mean), mean.offset() + ch, mu[ch]);
            Buffers.set(Buffers.array(var), var.offset() + ch, variance[ch]);
        }
    }

    /**
     * See {@link Standardization#backward} with b = 1. The first pass takes Σg and Σg·x̂ together
     * whichever of them is wanted (they share the reads of g), the second, only for dx, writes dx.
     */
    static void backward(View g, View xHat, View rstd, View weight, int a, int c, View dx, View dWeight, View dBias) {
        Object gs = Buffers.array(g), hs = Buffers.array(xHat), ds = dx == null ? null : Buffers.array(dx);
        int go = g.offset(), ho = xHat.offset(), dOff = dx == null ? 0 : dx.offset();
        // Σg in [0, c), Σg·x̂ in [c, 2c)
        double[] sums = overParts(a, c, 2, (r0, r1, into, at) -> gradientSums(gs, go, hs, ho, c, r0, r1, into, at));
        for (int ch = 0; ch < c; ch++) {
            if (dBias != null) {
                Buffers.set(Buffers.array(dBias), dBias.offset() + ch, sums[ch]);
            }
            if (dWeight != null) {
                Buffers.set(Buffers.array(dWeight), dWeight.offset() + ch, sums[c + ch]);
            }
        }
        if (dx == null) {
            return;
        }
        double[] meanGrad = new double[c], meanProjection = new double[c], scale = new double[c];
        for (int ch = 0; ch < c; ch++) {
            meanGrad[ch] = sums[ch] / a;
            meanProjection[ch] = sums[c + ch] / a;
            // rstd·γ as one factor: the affine's g·γ never needs a pass of its own
            scale[ch] = Standardization.channel(rstd, ch) * (weight == null ? 1 : Standardization.channel(weight, ch));
        }
        Object mg = inElementType(gs, meanGrad), mp = inElementType(gs, meanProjection), k = inElementType(gs, scale);
        Parallel.forRange(a, 3L * c, (r0, r1) -> gradient(gs, go, hs, ho, ds, dOff, c, r0, r1, mg, mp, k));
    }

    // ---- the parts ----

    /**
     * {@code sums} per-channel sums over all a rows: each part's into a slice of its own, in parallel,
     * then the slices added in part order.
     */
    private static double[] overParts(int a, int c, int sums, PartSums pass) {
        int rows = partRows(c), parts = (a + rows - 1) / rows, width = sums * c;
        double[] partials = (double[]) HostArrayPool.take(DType.FLOAT64, parts * width);
        Parallel.forRange(parts, 1, (long) rows * width, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                pass.add(p * rows, Math.min(a, (p + 1) * rows), partials, p * width);
            }
        });
        double[] total = new double[width];
        for (int p = 0; p < parts; p++) {
            for (int i = 0; i < width; i++) {
                total[i] += partials[p * width + i];
            }
        }
        HostArrayPool.give(partials);
        return total;
    }

    /** Rows per part: whole blocks, about {@link #PART_ELEMENTS} elements; c alone fixes it, and so the sums' order. */
    private static int partRows(int c) {
        int blocks = Math.max(1, PART_ELEMENTS / BLOCK / c);
        return blocks * BLOCK;
    }

    private static double[] divide(double[] values, int n) {
        for (int i = 0; i < values.length; i++) {
            values[i] /= n;
        }
        return values;
    }

    private static double[] perChannel(View values, int c) {
        double[] d = new double[c];
        for (int ch = 0; ch < c; ch++) {
            d[ch] = Standardization.channel(values, ch);
        }
        return d;
    }

    /** Per-channel constants as the kernels of {@code like}'s element type take them: rounded to float for float32. */
    private static Object inElementType(Object like, double[] values) {
        if (!(like instanceof float[])) {
            return values;
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    // ---- by element type ----

    private static void sum(Object x, int xo, int c, int r0, int r1, double[] into, int at) {
        if (x instanceof float[] f) {
            sum(f, xo, c, r0, r1, into, at);
        } else {
            sum((double[]) x, xo, c, r0, r1, into, at);
        }
    }

    private static void squaredDeviations(Object x, int xo, int c, int r0, int r1, Object mean, double[] into,
                                          int at) {
        if (x instanceof float[] f) {
            squaredDeviations(f, xo, c, r0, r1, (float[]) mean, into, at);
        } else {
            squaredDeviations((double[]) x, xo, c, r0, r1, (double[]) mean, into, at);
        }
    }

    private static void gradientSums(Object g, int go, Object h, int ho, int c, int r0, int r1, double[] into,
                                     int at) {
        if (g instanceof float[] f) {
            gradientSums(f, go, (float[]) h, ho, c, r0, r1, into, at);
        } else {
            gradientSums((double[]) g, go, (double[]) h, ho, c, r0, r1, into, at);
        }
    }

    private static void normalize(Object x, int xo, Object h, int ho, Object out, int oo, int c, int r0, int r1,
                                  Object mean, Object rstd, Object w, Object shift) {
        if (x instanceof float[] f) {
            normalize(f, xo, (float[]) h, ho, (float[]) out, oo, c, r0, r1, (float[]) mean, (float[]) rstd,
                    (float[]) w, (float[]) shift);
        } else {
            normalize((double[]) x, xo, (double[]) h, ho, (double[]) out, oo, c, r0, r1, (double[]) mean,
                    (double[]) rstd, (double[]) w, (double[]) shift);
        }
    }

    private static void gradient(Object g, int go, Object h, int ho, Object dx, int dOff, int c, int r0, int r1,
                                 Object meanGrad, Object meanProjection, Object scale) {
        if (g instanceof float[] f) {
            gradient(f, go, (float[]) h, ho, (float[]) dx, dOff, c, r0, r1, (float[]) meanGrad,
                    (float[]) meanProjection, (float[]) scale);
        } else {
            gradient((double[]) g, go, (double[]) h, ho, (double[]) dx, dOff, c, r0, r1, (double[]) meanGrad,
                    (double[]) meanProjection, (double[]) scale);
        }
    }

    // ---- float32: blocks of rows walked a column of channels at a time, S lanes wide, then a scalar tail ----
    // A column holds one chunk of channels of a block's rows (at stride c); the vector and scalar
    // columns round alike, so a channel's bits do not depend on whether it falls in the tail.

    /** {@code Σ x} per channel. */
    private static void sum(float[] x, int xo, int c, int r0, int r1, double[] into, int at) {
        for (int b0 = r0; b0 < r1; b0 += BLOCK) {
            int rows = Math.min(r1 - b0, BLOCK), k = xo + b0 * c, ch = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(c); ch < bound; ch += S.length()) {
                    addInDouble(columnSums(x, k + ch, rows, c), into, at + ch);
                }
            }
            for (; ch < c; ch++) {
                into[at + ch] += columnSum(x, k + ch, rows, c);
            }
        }
    }

    /** {@code Σ (x − mean)²} per channel, the deviations in float (as the composed ops). */
    private static void squaredDeviations(float[] x, int xo, int c, int r0, int r1, float[] mean, double[] into,
                                          int at) {
        for (int b0 = r0; b0 < r1; b0 += BLOCK) {
            int rows = Math.min(r1 - b0, BLOCK), k = xo + b0 * c, ch = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(c); ch < bound; ch += S.length()) {
                    FloatVector m = FloatVector.fromArray(S, mean, ch);
                    addInDouble(columnSquares(x, k + ch, rows, c, m), into, at + ch);
                }
            }
            for (; ch < c; ch++) {
                into[at + ch] += columnSquares(x, k + ch, rows, c, mean[ch]);
            }
        }
    }

    /** {@code Σ g} per channel into {@code into[at…]}, {@code Σ g·h} into {@code into[at + c…]}. */
    private static void gradientSums(float[] g, int go, float[] h, int ho, int c, int r0, int r1, double[] into,
                                     int at) {
        for (int b0 = r0; b0 < r1; b0 += BLOCK) {
            int rows = Math.min(r1 - b0, BLOCK), gk = go + b0 * c, hk = ho + b0 * c, ch = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(c); ch < bound; ch += S.length()) {
                    addColumnGradientSums(g, gk + ch, h, hk + ch, rows, c, into, at + ch, at + c + ch);
                }
            }
            for (; ch < c; ch++) {
                addColumnGradientSum(g, gk + ch, h, hk + ch, rows, c, into, at + ch, at + c + ch);
            }
        }
    }

    /**
     * {@code h = (x − mean)·rstd} and, where out is given, {@code out = h·w + shift}, a column at a
     * time so that its constants stay in registers.
     */
    private static void normalize(float[] x, int xo, float[] h, int ho, float[] out, int oo, int c, int r0, int r1,
                                  float[] mean, float[] rstd, float[] w, float[] shift) {
        for (int b0 = r0; b0 < r1; b0 += BLOCK) {
            int rows = Math.min(r1 - b0, BLOCK), first = b0 * c, ch = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(c); ch < bound; ch += S.length()) {
                    FloatVector m = FloatVector.fromArray(S, mean, ch), r = FloatVector.fromArray(S, rstd, ch);
                    FloatVector wv = out == null ? null : FloatVector.fromArray(S, w, ch);
                    FloatVector sv = out == null ? null : FloatVector.fromArray(S, shift, ch);
                    for (int i = 0, k = first + ch; i < rows; i++, k += c) {
                        FloatVector hv = FloatVector.fromArray(S, x, xo + k).sub(m).mul(r);
                        hv.intoArray(h, ho + k);
                        if (out != null) {
                            hv.mul(wv).add(sv).intoArray(out, oo + k);
                        }
                    }
                }
            }
            for (; ch < c; ch++) {
                float m = mean[ch], r = rstd[ch], wf = out == null ? 0 : w[ch], sf = out == null ? 0 : shift[ch];
                for (int i = 0, k = first + ch; i < rows; i++, k += c) {
                    float hf = (x[xo + k] - m) * r;
                    h[ho + k] = hf;
                    if (out != null) {
                        out[oo + k] = hf * wf + sf;
                    }
                }
            }
        }
    }

    /** {@code dx = ((g − meanGrad) − h·meanProjection)·scale}, a column at a time as {@link #normalize}. */
    private static void gradient(float[] g, int go, float[] h, int ho, float[] dx, int dOff, int c, int r0, int r1,
                                 float[] meanGrad, float[] meanProjection, float[] scale) {
        for (int b0 = r0; b0 < r1; b0 += BLOCK) {
            int rows = Math.min(r1 - b0, BLOCK), first = b0 * c, ch = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(c); ch < bound; ch += S.length()) {
                    FloatVector mg = FloatVector.fromArray(S, meanGrad, ch);
                    FloatVector mp = FloatVector.fromArray(S, meanProjection, ch);
                    FloatVector k = FloatVector.fromArray(S, scale, ch);
                    for (int i = 0, e = first + ch; i < rows; i++, e += c) {
                        FloatVector hv = FloatVector.fromArray(S, h, ho + e);
                        FloatVector.fromArray(S, g, go + e).sub(mg).sub(hv.mul(mp)).mul(k).intoArray(dx, dOff + e);
                    }
                }
            }
            for (; ch < c; ch++) {
                float mg = meanGrad[ch], mp = meanProjection[ch], k = scale[ch];
                for (int i = 0, e = first + ch; i < rows; i++, e += c) {
                    dx[dOff + e] = ((g[go + e] - mg) - h[ho + e] * mp) * k;
                }
            }
        }
    }

    // One column's sums: four accumulators take the rows in turn (independent chains; the adds'
    // latency would otherwise bound the loop) and are added pairwise at the end.

    private static FloatVector columnSums(float[] x, int k, int rows, int stride) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i + 4 <= rows; i += 4, k += 4 * stride) {
            s0 = s0.add(FloatVector.fromArray(S, x, k));
            s1 = s1.add(FloatVector.fromArray(S, x, k + stride));
            s2 = s2.add(FloatVector.fromArray(S, x, k + 2 * stride));
            s3 = s3.add(FloatVector.fromArray(S, x, k + 3 * stride));
        }
        for (; i < rows; i++, k += stride) {
            s0 = s0.add(FloatVector.fromArray(S, x, k));
        }
        return s0.add(s1).add(s2.add(s3));
    }

    private static float columnSum(float[] x, int k, int rows, int stride) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= rows; i += 4, k += 4 * stride) {
            s0 += x[k];
            s1 += x[k + stride];
            s2 += x[k + 2 * stride];
            s3 += x[k + 3 * stride];
        }
        for (; i < rows; i++, k += stride) {
            s0 += x[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static FloatVector columnSquares(float[] x, int k, int rows, int stride, FloatVector m) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i + 4 <= rows; i += 4, k += 4 * stride) {
            FloatVector d0 = FloatVector.fromArray(S, x, k).sub(m);
            FloatVector d1 = FloatVector.fromArray(S, x, k + stride).sub(m);
            FloatVector d2 = FloatVector.fromArray(S, x, k + 2 * stride).sub(m);
            FloatVector d3 = FloatVector.fromArray(S, x, k + 3 * stride).sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
            s2 = d2.fma(d2, s2);
            s3 = d3.fma(d3, s3);
        }
        for (; i < rows; i++, k += stride) {
            FloatVector d = FloatVector.fromArray(S, x, k).sub(m);
            s0 = d.fma(d, s0);
        }
        return s0.add(s1).add(s2.add(s3));
    }

    private static float columnSquares(float[] x, int k, int rows, int stride, float m) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= rows; i += 4, k += 4 * stride) {
            float d0 = x[k] - m, d1 = x[k + stride] - m, d2 = x[k + 2 * stride] - m, d3 = x[k + 3 * stride] - m;
            s0 = Math.fma(d0, d0, s0);
            s1 = Math.fma(d1, d1, s1);
            s2 = Math.fma(d2, d2, s2);
            s3 = Math.fma(d3, d3, s3);
        }
        for (; i < rows; i++, k += stride) {
            float d = x[k] - m;
            s0 = Math.fma(d, d, s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** A column's Σg and Σg·h, sharing the reads of g, added into {@code into[sumAt…]} and {@code [dotAt…]}. */
    private static void addColumnGradientSums(float[] g, int gk, float[] h, int hk, int rows, int stride,
                                              double[] into, int sumAt, int dotAt) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, p0 = s0, p1 = s0, p2 = s0, p3 = s0;
        int i = 0;
        for (; i + 4 <= rows; i += 4, gk += 4 * stride, hk += 4 * stride) {
            FloatVector g0 = FloatVector.fromArray(S, g, gk);
            FloatVector g1 = FloatVector.fromArray(S, g, gk + stride);
            FloatVector g2 = FloatVector.fromArray(S, g, gk + 2 * stride);
            FloatVector g3 = FloatVector.fromArray(S, g, gk + 3 * stride);
            s0 = s0.add(g0);
            s1 = s1.add(g1);
            s2 = s2.add(g2);
            s3 = s3.add(g3);
            p0 = g0.fma(FloatVector.fromArray(S, h, hk), p0);
            p1 = g1.fma(FloatVector.fromArray(S, h, hk + stride), p1);
            p2 = g2.fma(FloatVector.fromArray(S, h, hk + 2 * stride), p2);
            p3 = g3.fma(FloatVector.fromArray(S, h, hk + 3 * stride), p3);
        }
        for (; i < rows; i++, gk += stride, hk += stride) {
            FloatVector gv = FloatVector.fromArray(S, g, gk);
            s0 = s0.add(gv);
            p0 = gv.fma(FloatVector.fromArray(S, h, hk), p0);
        }
        addInDouble(s0.add(s1).add(s2.add(s3)), into, sumAt);
        addInDouble(p0.add(p1).add(p2.add(p3)), into, dotAt);
    }

    private static void addColumnGradientSum(float[] g, int gk, float[] h, int hk, int rows, int stride,
                                             double[] into, int sumAt, int dotAt) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        int i = 0;
        for (; i + 4 <= rows; i += 4, gk += 4 * stride, hk += 4 * stride) {
            float g0 = g[gk], g1 = g[gk + stride], g2 = g[gk + 2 * stride], g3 = g[gk + 3 * stride];
            s0 += g0;
            s1 += g1;
            s2 += g2;
            s3 += g3;
            p0 = Math.fma(g0, h[hk], p0);
            p1 = Math.fma(g1, h[hk + stride], p1);
            p2 = Math.fma(g2, h[hk + 2 * stride], p2);
            p3 = Math.fma(g3, h[hk + 3 * stride], p3);
        }
        for (; i < rows; i++, gk += stride, hk += stride) {
            s0 += g[gk];
            p0 = Math.fma(g[gk], h[hk], p0);
        }
        into[sumAt] += (s0 + s1) + (s2 + s3);
        into[dotAt] += (p0 + p1) + (p2 + p3);
    }

    /** The lanes of v added into {@code into[at…]}, in double, as the scalar tail adds its float sums. */
    private static void addInDouble(FloatVector v, double[] into, int at) {
        for (int half = 0; half < 2; half++) {
            int k = at + half * D.length();
            DoubleVector.fromArray(D, into, k).add(v.convertShape(VectorOperators.F2D, D, half)).intoArray(into, k);
        }
    }

    // ---- float64: row by row, each row added straight into the part's doubles ----

    private static void sum(double[] x, int xo, int c, int r0, int r1, double[] into, int at) {
        for (int r = r0; r < r1; r++) {
            int row = xo + r * c;
            for (int ch = 0; ch < c; ch++) {
                into[at + ch] += x[row + ch];
            }
        }
    }

    private static void squaredDeviations(double[] x, int xo, int c, int r0, int r1, double[] mean, double[] into,
                                          int at) {
        for (int r = r0; r < r1; r++) {
            int row = xo + r * c;
            for (int ch = 0; ch < c; ch++) {
                double d = x[row + ch] - mean[ch];
                into[at + ch] += d * d;
            }
        }
    }

    private static void gradientSums(double[] g, int go, double[] h, int ho, int c, int r0, int r1, double[] into,
                                     int at) {
        for (int r = r0; r < r1; r++) {
            int row = r * c;
            for (int ch = 0; ch < c; ch++) {
                double gv = g[go + row + ch];
                into[at + ch] += gv;
                into[at + c + ch] += gv * h[ho + row + ch];
            }
        }
    }

    private static void normalize(double[] x, int xo, double[] h, int ho, double[] out, int oo, int c, int r0, int r1,
                                  double[] mean, double[] rstd, double[] w, double[] shift) {
        for (int r = r0; r < r1; r++) {
            int row = r * c;
            for (int ch = 0; ch < c; ch++) {
                double hv = (x[xo + row + ch] - mean[ch]) * rstd[ch];
                h[ho + row + ch] = hv;
                if (out != null) {
                    out[oo + row + ch] = hv * w[ch] + shift[ch];
                }
            }
        }
    }

    private static void gradient(double[] g, int go, double[] h, int ho, double[] dx, int dOff, int c, int r0, int r1,
                                 double[] meanGrad, double[] meanProjection, double[] scale) {
        for (int r = r0; r < r1; r++) {
            int row = r * c;
            for (int ch = 0; ch < c; ch++) {
                dx[dOff + row + ch] = ((g[go + row + ch] - meanGrad[ch]) - h[ho + row + ch] * meanProjection[ch])
                        * scale[ch];
            }
        }
    }
}
