package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.View;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Standardisation of a contiguous {@code [a, c, b]} array over its first and last axes, channel by
 * channel, and its gradient, in two passes over the data each way (the composed ops take five
 * forward and eight backward). Channels are the parallel tasks; within one, sums run over the a rows
 * in order, each row's in float lanes (float32) that are then added in order in double, so the
 * bits do not depend on the thread count.
 */
final class Standardization {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Standardization() {}

    /** See {@link dev.claritas.tensor.spi.Backend#standardize}. */
    static void forward(View x, int a, int c, int b, double eps, View out, View mean, View var) {
        Object xs = Buffers.array(x), os = Buffers.array(out);
        int xo = x.offset(), oo = out.offset();
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
                for (int i = 0; i < a; i++) {
                    int row = (i * c + ch) * b;
                    normalize(xs, xo + row, os, oo + row, b, mu, rstd);
                }
                Buffers.set(Buffers.array(mean), mean.offset() + ch, mu);
                Buffers.set(Buffers.array(var), var.offset() + ch, variance);
            }
        });
    }

    /** See {@link dev.claritas.tensor.spi.Backend#standardizeBackward}. */
    static void backward(View g, View xHat, View rstd, int a, int c, int b, View dx) {
        Object gs = Buffers.array(g), hs = Buffers.array(xHat), ds = Buffers.array(dx);
        int go = g.offset(), ho = xHat.offset(), dOff = dx.offset();
        double count = (double) a * b;
        Parallel.forRange(c, 3L * a * b, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double gradSum = 0, projection = 0;
                for (int i = 0; i < a; i++) {
                    int row = (i * c + ch) * b;
                    gradSum += sum(gs, go + row, b);
                    projection += dot(gs, go + row, hs, ho + row, b);
                }
                double meanGrad = gradSum / count, meanProjection = projection / count;
                double r = Buffers.get(Buffers.array(rstd), rstd.offset() + ch);
                for (int i = 0; i < a; i++) {
                    int row = (i * c + ch) * b;
                    gradient(gs, go + row, hs, ho + row, ds, dOff + row, b, meanGrad, meanProjection, r);
                }
            }
        });
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

    /** {@code out = (x − mu)·rstd}, in float for float32 (the composed ops' rounding: subtract, then multiply). */
    private static void normalize(Object x, int xo, Object out, int oo, int len, double mu, double rstd) {
        if (x instanceof float[] xf) {
            float[] of = (float[]) out;
            float m = (float) mu, r = (float) rstd;
            int j = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                    FloatVector.fromArray(S, xf, xo + j).sub(m).mul(r).intoArray(of, oo + j);
                }
            }
            for (; j < len; j++) {
                of[oo + j] = (xf[xo + j] - m) * r;
            }
            return;
        }
        double[] xd = (double[]) x, od = (double[]) out;
        for (int j = 0; j < len; j++) {
            od[oo + j] = (xd[xo + j] - mu) * rstd;
        }
    }

    /** {@code dx = ((g − meanGrad) − x̂·meanProjection)·rstd}, in float for float32. */
    private static void gradient(Object g, int go, Object h, int ho, Object dx, int dOff, int len, double meanGrad,
                                 double meanProjection, double rstd) {
        if (g instanceof float[] gf) {
            float[] hf = (float[]) h, df = (float[]) dx;
            float mg = (float) meanGrad, mp = (float) meanProjection, r = (float) rstd;
            int j = 0;
            if (Vectorization.ENABLED) {
                for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                    FloatVector gv = FloatVector.fromArray(S, gf, go + j);
                    FloatVector hv = FloatVector.fromArray(S, hf, ho + j);
                    gv.sub(mg).sub(hv.mul(mp)).mul(r).intoArray(df, dOff + j);
                }
            }
            for (; j < len; j++) {
                df[dOff + j] = ((gf[go + j] - mg) - hf[ho + j] * mp) * r;
            }
            return;
        }
        double[] gd = (double[]) g, hd = (double[]) h, dd = (double[]) dx;
        for (int j = 0; j < len; j++) {
            dd[dOff + j] = ((gd[go + j] - meanGrad) - hd[ho + j] * meanProjection) * rstd;
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
