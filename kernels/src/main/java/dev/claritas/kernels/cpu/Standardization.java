package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.View;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Standardisation of a contiguous {@code [a, c, b]} array over its first and last axes, channel by
 * channel, with an optional per-channel affine, and its gradients, in two passes over the data each
 * way (the composed ops take five forward and eight backward, and an affine composed after them two
 * and four more). Channels are the parallel tasks; within one, sums run over the a rows in order,
 * each row's in float lanes (float32) that are then added in order in double, so the bits do not
 * depend on the thread count. Rows of one element (b = 1: channels last, as batch norm on NHWC
 * activations arrives) go to {@link StandardizationChannelsLast}, which runs along the rows instead,
 * with the same rounding but sums in another order.
 */
final class Standardization {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Standardization() {}

    /** See {@link dev.claritas.tensor.spi.Backend#standardize}; weight, bias and out null without an affine. */
    static void forward(View x, int a, int c, int b, double eps, View weight, View bias, View xHat, View out,
                        View mean, View var) {
        if (b == 1) {
            StandardizationChannelsLast.forward(x, a, c, eps, weight, bias, xHat, out, mean, var);
            return;
        }
        Object xs = Buffers.array(x), hs = Buffers.array(xHat), os = out == null ? null : Buffers.array(out);
        int xo = x.offset(), ho = xHat.offset(), oo = out == null ? 0 : out.offset();
        double count = (double) a * b;
        Parallel.forRange(c, 3L * a * b, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double total = 0;
                for (int i = 0; i < a; i++) {
                    total += sum(xs, xo + (i * c + ch) * b, b);
                }
                double mu = total / count;
                double squares = 0;
                for (int i = 0; i < a; i++) {
                    squares += squaredDeviations(xs, xo + (i * c + ch) * b, b, mu);
                }
                double variance = squares / count;
                double rstd = 1 / Math.sqrt(variance + eps);
                double w = weight == null ? 1 : channel(weight, ch), shift = bias == null ? 0 : channel(bias, ch);
                for (int i = 0; i < a; i++) {
                    int row = (i * c + ch) * b;
                    normalize(xs, xo + row, hs, ho + row, os, oo + row, b, mu, rstd, w, shift);
                }
                Buffers.set(Buffers.array(mean), mean.offset() + ch, mu);
                Buffers.set(Buffers.array(var), var.offset() + ch, variance);
            }
        });
    }

    /**
     * See {@link dev.claritas.tensor.spi.Backend#standardizeBackward}; weight null without an affine,
     * each of dx, dWeight and dBias null when not wanted. The first pass takes Σg and Σg·x̂ (what
     * dBias and dWeight are, and what dx needs), the second, only for dx, writes dx.
     */
    static void backward(View g, View xHat, View rstd, View weight, int a, int c, int b, View dx, View dWeight,
                         View dBias) {
        if (b == 1) {
            StandardizationChannelsLast.backward(g, xHat, rstd, weight, a, c, dx, dWeight, dBias);
            return;
        }
        Object gs = Buffers.array(g), hs = Buffers.array(xHat), ds = dx == null ? null : Buffers.array(dx);
        int go = g.offset(), ho = xHat.offset(), dOff = dx == null ? 0 : dx.offset();
        boolean summing = dx != null || dBias != null, projecting = dx != null || dWeight != null;
        double count = (double) a * b;
        Parallel.forRange(c, 3L * a * b, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double gradSum = 0, projection = 0;
                for (int i = 0; i < a; i++) {
                    int row = (i * c + ch) * b;
                    if (summing) {
                        gradSum += sum(gs, go + row, b);
                    }
                    if (projecting) {
                        projection += dot(gs, go + row, hs, ho + row, b);
                    }
                }
                if (dBias != null) {
                    Buffers.set(Buffers.array(dBias), dBias.offset() + ch, gradSum);
                }
                if (dWeight != null) {
                    Buffers.set(Buffers.array(dWeight), dWeight.offset() + ch, projection);
                }
                if (dx == null) {
                    continue;
                }
                double meanGrad = gradSum / count, meanProjection = projection / count;
                // rstd·γ as one factor: the affine's g·γ never needs a pass of its own
                double scale = channel(rstd, ch) * (weight == null ? 1 : channel(weight, ch));
                for (int i = 0; i < a; i++) {
                    int row = (i * c + ch) * b;
                    gradient(gs, go + row, hs, ho + row, ds, dOff + row, b, meanGrad, meanProjection, scale);
                }
            }
        });
    }

    /** Element ch of a per-channel [c] view, as a double. */
    static double channel(View perChannel, int ch) {
        return Buffers.get(Buffers.array(perChannel), perChannel.offset() + ch);
    }

    /** {@code Σ s}: for float32 summed in float lanes. */
    private static double sum(Object s, int off, int len) {
        double total = 0;
        if (s instanceof float[] f) {
            int j = 0;
            if (Vectorization.ENABLED) {
                FloatVector acc = FloatVector.zero(S);
                for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                    acc = acc.add(FloatVector.fromArray(S, f, off + j));
                }
                total = sumLanes(acc);
            }
            for (; j < len; j++) {
                total += f[off + j];
            }
            return total;
        }
        double[] d = (double[]) s;
        for (int j = 0; j < len; j++) {
            total += d[off + j];
        }
        return total;
    }

    /** {@code Σ (s − mu)²}: for float32 the deviations in float (as the composed ops), summed in float lanes. */
    private static double squaredDeviations(Object s, int off, int len, double mu) {
        double total = 0;
        if (s instanceof float[] f) {
            float m = (float) mu;
            int j = 0;
            if (Vectorization.ENABLED) {
                FloatVector acc = FloatVector.zero(S);
                for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                    FloatVector d = FloatVector.fromArray(S, f, off + j).sub(m);
                    acc = d.fma(d, acc);
                }
                total = sumLanes(acc);
            }
            for (; j < len; j++) {
                float d = f[off + j] - m;
                total += d * d;
            }
        } else {
            double[] d = (double[]) s;
            for (int j = 0; j < len; j++) {
                double e = d[off + j] - mu;
                total += e * e;
            }
        }
        return total;
    }

    /** {@code Σ g·h}: for float32 summed in float lanes. */
    private static double dot(Object g, int go, Object h, int ho, int len) {
        double total = 0;
        if (g instanceof float[] gf) {
            float[] hf = (float[]) h;
            int j = 0;
            if (Vectorization.ENABLED) {
                FloatVector acc = FloatVector.zero(S);
                for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                    acc = FloatVector.fromArray(S, gf, go + j).fma(FloatVector.fromArray(S, hf, ho + j), acc);
                }
                total = sumLanes(acc);
            }
            for (; j < len; j++) {
                total += gf[go + j] * hf[ho + j];
            }
        } else {
            double[] gd = (double[]) g, hd = (double[]) h;
            for (int j = 0; j < len; j++) {
                total += gd[go + j] * hd[ho + j];
            }
        }
        return total;
    }

    /**
     * {@code xHat = (x − mu)·rstd} and, where out is given, {@code out = xHat·w + shift}: in float for
     * float32, rounded as the composed ops round (subtract, then multiply; multiply, then add).
     */
    private static void normalize(Object x, int xo, Object xHat, int ho, Object out, int oo, int len, double mu,
                                  double rstd, double w, double shift) {
        if (x instanceof float[] xf) {
            float[] hf = (float[]) xHat, of = (float[]) out;
            float m = (float) mu, r = (float) rstd, wf = (float) w, sf = (float) shift;
            int j = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                    FloatVector h = FloatVector.fromArray(S, xf, xo + j).sub(m).mul(r);
                    h.intoArray(hf, ho + j);
                    if (of != null) {
                        h.mul(wf).add(sf).intoArray(of, oo + j);
                    }
                }
            }
            for (; j < len; j++) {
                float h = (xf[xo + j] - m) * r;
                hf[ho + j] = h;
                if (of != null) {
                    of[oo + j] = h * wf + sf;
                }
            }
            return;
        }
        double[] xd = (double[]) x, hd = (double[]) xHat, od = (double[]) out;
        for (int j = 0; j < len; j++) {
            double h = (xd[xo + j] - mu) * rstd;
            hd[ho + j] = h;
            if (od != null) {
                od[oo + j] = h * w + shift;
            }
        }
    }

    /** {@code dx = ((g − meanGrad) − x̂·meanProjection)·scale} (scale = rstd·γ), in float for float32. */
    private static void gradient(Object g, int go, Object h, int ho, Object dx, int dOff, int len, double meanGrad,
                                 double meanProjection, double scale) {
        if (g instanceof float[] gf) {
            float[] hf = (float[]) h, df = (float[]) dx;
            float mg = (float) meanGrad, mp = (float) meanProjection, k = (float) scale;
            int j = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                    FloatVector gv = FloatVector.fromArray(S, gf, go + j);
                    FloatVector hv = FloatVector.fromArray(S, hf, ho + j);
                    gv.sub(mg).sub(hv.mul(mp)).mul(k).intoArray(df, dOff + j);
                }
            }
            for (; j < len; j++) {
                df[dOff + j] = ((gf[go + j] - mg) - hf[ho + j] * mp) * k;
            }
            return;
        }
        double[] gd = (double[]) g, hd = (double[]) h, dd = (double[]) dx;
        for (int j = 0; j < len; j++) {
            dd[dOff + j] = ((gd[go + j] - meanGrad) - hd[ho + j] * meanProjection) * scale;
        }
    }

    /** The lanes of v added in lane order, in double (a vector reduction's order is unspecified). */
    private static double sumLanes(FloatVector v) {
        double total = 0;
        for (float lane : v.toArray()) {
            total += lane;
        }
        return total;
    }
}
