package dev.claritas.kernels.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Mixed-radix Stockham FFT: radix 2, 3, 4, 5 and 8 butterflies and a generic one for other odd
 * primes. Each stage reads one buffer and writes the other (the data and the scratch, in turn), so
 * no bit-reversal pass is needed and the output comes out in natural order.
 *
 * <p>Stage with radix {@code p}, applied to sub-sequences of length {@code p * m} that are
 * interleaved with stride {@code s} (sub-sequence {@code q} holds elements {@code q + s * i}):
 * split the index as {@code i = j + k * m}, then for output index {@code t + p * u}
 * <pre>
 *   X[t + p u] = sum_j w_m^(j u) * ( w_{pm}^(j t) * sum_k x[j + k m] w_p^(k t) ),
 * </pre>
 * so the stage computes the length-p DFT over {@code k}, multiplies by the twiddle
 * {@code w_{pm}^(j t)} and stores at {@code q + s * (t + p * j)}: the next stage then sees
 * {@code s * p} sub-sequences of length {@code m}.
 */
final class FftMixedRadixPlan extends FftPlan {
    static final double SIN_60 = Math.sqrt(3) / 2;

    static final double COS_72 = Math.cos(2 * Math.PI / 5);
    static final double COS_144 = Math.cos(4 * Math.PI / 5);
    static final double SIN_72 = Math.sin(2 * Math.PI / 5);
    static final double SIN_144 = Math.sin(4 * Math.PI / 5);
    static final double SQRT_HALF = Math.sqrt(0.5);

    /**
     * One butterfly stage with radix p, stride s and count m as above. {@code twiddles} holds {@code w_{pm}^(j t)} at {@code 2 * (j * (p - 1) + t - 1)};
     * for the generic butterfly {@code cos} and {@code sin} hold {@code cos, sin(2 pi tk / p)} at
     * {@code (t - 1) * (p - 1)/2 + k - 1}, for {@code t, k} in {@code [1, (p - 1)/2]}.
     */
    record Stage(int radix, int stride, int count, double[] twiddles, double[] cos, double[] sin) {}

    final Stage[] stages;
    private final int genericScratch;

    FftMixedRadixPlan(int n) {
        super(n);
        List<Stage> built = new ArrayList<>();
        int stride = 1;
        int generic = 0;
        for (int radix : factorise(n)) {
            int count = n / (stride * radix);
            built.add(stage(radix, stride, count));
            if (isGeneric(radix)) {
                generic = Math.max(generic, 2 * stride * (radix - 1));
            }
            stride *= radix;
        }
        stages = built.toArray(new Stage[0]);
        genericScratch = generic;
    }

    /** Whether a radix takes the generic odd-prime butterfly. */
    static boolean isGeneric(int radix) {
        return radix > 5 && radix != 8;
    }

    /**
     * Radices in the order they are applied: eights first (fewest operations and passes over the
     * data), then a 4 or a 2 for the rest of the power of two, then odd primes.
     */
    static int[] factorise(int n) {
        List<Integer> radices = new ArrayList<>();
        int rest = n;
        while (rest % 8 == 0) {
            radices.add(8);
            rest /= 8;
        }
        if (rest % 4 == 0) {
            radices.add(4);
            rest /= 4;
        }
        if (rest % 2 == 0) {
            radices.add(2);
            rest /= 2;
        }
        for (int p = 3; (long) p * p <= rest; p += 2) {
            while (rest % p == 0) {
                radices.add(p);
                rest /= p;
            }
        }
        if (rest > 1) {
            radices.add(rest);
        }
        return radices.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Stage stage(int radix, int stride, int count) {
        int span = radix * count;
        double[] twiddles = new double[2 * count * (radix - 1)];
        for (int j = 0; j < count; j++) {
            for (int t = 1; t < radix; t++) {
                double angle = -2 * Math.PI * ((long) j * t % span) / span;
                int at = 2 * (j * (radix - 1) + t - 1);
                twiddles[at] = Math.cos(angle);
                twiddles[at + 1] = Math.sin(angle);
            }
        }
        double[] cos = null;
        double[] sin = null;
        if (isGeneric(radix)) {
            int half = (radix - 1) / 2;
            cos = new double[half * half];
            sin = new double[half * half];
            for (int t = 1; t <= half; t++) {
                for (int k = 1; k <= half; k++) {
                    double angle = 2 * Math.PI * (t * k % radix) / radix;
                    cos[(t - 1) * half + k - 1] = Math.cos(angle);
                    sin[(t - 1) * half + k - 1] = Math.sin(angle);
                }
            }
        }
        return new Stage(radix, stride, count, twiddles, cos, sin);
    }

    @Override
    int scratchLength() {
        return 2 * length + genericScratch;
    }

    @Override
    void forward(double[] data, int offset, double[] scratch) {
        double[] in = data;
        int inOff = offset;
        double[] out = scratch;
        int outOff = 0;
        for (Stage stage : stages) {
            switch (stage.radix) {
                case 2 -> radix2(stage, in, inOff, out, outOff);
                case 3 -> radix3(stage, in, inOff, out, outOff);
                case 4 -> radix4(stage, in, inOff, out, outOff);
                case 5 -> radix5(stage, in, inOff, out, outOff);
                case 8 -> radix8(stage, in, inOff, out, outOff);
                default -> radixOdd(stage, in, inOff, out, outOff, scratch, 2 * length);
            }
            double[] swap = in;
            in = out;
            out = swap;
            int swapOff = inOff;
            inOff = outOff;
            outOff = swapOff;
        }
        if (stages.length % 2 == 1) {
            System.arraycopy(in, inOff, data, offset, 2 * length);
        }
    }

    private static void radix2(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = st.stride;
        int step = 2 * s * st.count;
        double[] tw = st.twiddles;
        for (int j = 0; j < st.count; j++) {
            double w1r = tw[2 * j];
            double w1i = tw[2 * j + 1];
            int in = xo + 2 * s * j;
            int out = yo + 4 * s * j;
            for (int q = 0; q < 2 * s; q += 2) {
                int i0 = in + q;
                int i1 = i0 + step;
                double ar = x[i0];
                double ai = x[i0 + 1];
                double br = x[i1];
                double bi = x[i1 + 1];
                int o0 = out + q;
                int o1 = o0 + 2 * s;
                y[o0] = ar + br;
                y[o0 + 1] = ai + bi;
                double dr = ar - br;
                double di = ai - bi;
                y[o1] = dr * w1r - di * w1i;
                y[o1 + 1] = dr * w1i + di * w1r;
            }
        }
    }

    private static void radix3(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = st.stride;
        int step = 2 * s * st.count;
        double[] tw = st.twiddles;
        for (int j = 0; j < st.count; j++) {
            double w1r = tw[4 * j];
            double w1i = tw[4 * j + 1];
            double w2r = tw[4 * j + 2];
            double w2i = tw[4 * j + 3];
            int in = xo + 2 * s * j;
            int out = yo + 6 * s * j;
            for (int q = 0; q < 2 * s; q += 2) {
                int i0 = in + q;
                double a0r = x[i0];
                double a0i = x[i0 + 1];
                double a1r = x[i0 + step];
                double a1i = x[i0 + step + 1];
                double a2r = x[i0 + 2 * step];
                double a2i = x[i0 + 2 * step + 1];
                // b1,2 = a0 - (a1 + a2)/2 -/+ i sin60 (a1 - a2)
                double sr = a1r + a2r;
                double si = a1i + a2i;
                double mr = a0r - 0.5 * sr;
                double mi = a0i - 0.5 * si;
                double nr = SIN_60 * (a1i - a2i);
                double ni = -SIN_60 * (a1r - a2r);
                int o0 = out + q;
                int o1 = o0 + 2 * s;
                int o2 = o1 + 2 * s;
                y[o0] = a0r + sr;
                y[o0 + 1] = a0i + si;
                storeTwiddled(y, o1, mr + nr, mi + ni, w1r, w1i);
                storeTwiddled(y, o2, mr - nr, mi - ni, w2r, w2i);
            }
        }
    }

    private static void radix4(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = st.stride;
        int step = 2 * s * st.count;
        double[] tw = st.twiddles;
        for (int j = 0; j < st.count; j++) {
            double w1r = tw[6 * j];
            double w1i = tw[6 * j + 1];
            double w2r = tw[6 * j + 2];
            double w2i = tw[6 * j + 3];
            double w3r = tw[6 * j + 4];
            double w3i = tw[6 * j + 5];
            int in = xo + 2 * s * j;
            int out = yo + 8 * s * j;
            for (int q = 0; q < 2 * s; q += 2) {
                int i0 = in + q;
                int i1 = i0 + step;
                int i2 = i1 + step;
                int i3 = i2 + step;
                double t0r = x[i0] + x[i2];
                double t0i = x[i0 + 1] + x[i2 + 1];
                double t1r = x[i0] - x[i2];
                double t1i = x[i0 + 1] - x[i2 + 1];
                double t2r = x[i1] + x[i3];
                double t2i = x[i1 + 1] + x[i3 + 1];
                // t3 = -i (a1 - a3)
                double t3r = x[i1 + 1] - x[i3 + 1];
                double t3i = x[i3] - x[i1];
                int o0 = out + q;
                int o1 = o0 + 2 * s;
                int o2 = o1 + 2 * s;
                int o3 = o2 + 2 * s;
                y[o0] = t0r + t2r;
                y[o0 + 1] = t0i + t2i;
                storeTwiddled(y, o1, t1r + t3r, t1i + t3i, w1r, w1i);
                storeTwiddled(y, o2, t0r - t2r, t0i - t2i, w2r, w2i);
                storeTwiddled(y, o3, t1r - t3r, t1i - t3i, w3r, w3i);
            }
        }
    }

    private static void radix5(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = st.stride;
        int step = 2 * s * st.count;
        double[] tw = st.twiddles;
        for (int j = 0; j < st.count; j++) {
            int w = 8 * j;
            int in = xo + 2 * s * j;
            int out = yo + 10 * s * j;
            for (int q = 0; q < 2 * s; q += 2) {
                int i0 = in + q;
                double a0r = x[i0];
                double a0i = x[i0 + 1];
                // Pairs (a1, a4) and (a2, a3): sums take the cosines, differences the sines.
                double p1r = x[i0 + step] + x[i0 + 4 * step];
                double p1i = x[i0 + step + 1] + x[i0 + 4 * step + 1];
                double d1r = x[i0 + step] - x[i0 + 4 * step];
                double d1i = x[i0 + step + 1] - x[i0 + 4 * step + 1];
                double p2r = x[i0 + 2 * step] + x[i0 + 3 * step];
                double p2i = x[i0 + 2 * step + 1] + x[i0 + 3 * step + 1];
                double d2r = x[i0 + 2 * step] - x[i0 + 3 * step];
                double d2i = x[i0 + 2 * step + 1] - x[i0 + 3 * step + 1];
                double c1r = a0r + COS_72 * p1r + COS_144 * p2r;
                double c1i = a0i + COS_72 * p1i + COS_144 * p2i;
                double c2r = a0r + COS_144 * p1r + COS_72 * p2r;
                double c2i = a0i + COS_144 * p1i + COS_72 * p2i;
                double s1r = SIN_72 * d1r + SIN_144 * d2r;
                double s1i = SIN_72 * d1i + SIN_144 * d2i;
                double s2r = SIN_144 * d1r - SIN_72 * d2r;
                double s2i = SIN_144 * d1i - SIN_72 * d2i;
                int o0 = out + q;
                y[o0] = a0r + p1r + p2r;
                y[o0 + 1] = a0i + p1i + p2i;
                // b1,4 = c1 -/+ i s1 and b2,3 = c2 -/+ i s2, where -i (r + i m) = m - i r.
                storeTwiddled(y, o0 + 2 * s, c1r + s1i, c1i - s1r, tw[w], tw[w + 1]);
                storeTwiddled(y, o0 + 4 * s, c2r + s2i, c2i - s2r, tw[w + 2], tw[w + 3]);
                storeTwiddled(y, o0 + 6 * s, c2r - s2i, c2i + s2r, tw[w + 4], tw[w + 5]);
                storeTwiddled(y, o0 + 8 * s, c1r - s1i, c1i + s1r, tw[w + 6], tw[w + 7]);
            }
        }
    }

    /**
     * Radix 8 as two radix-4 DFTs: with {@code b_k = a_k + a_{k+4}} and {@code c_k = (a_k -
     * a_{k+4}) w_8^k}, the even outputs are the DFT of b and the odd ones that of c.
     */
    private static void radix8(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = st.stride;
        int step = 2 * s * st.count;
        double[] tw = st.twiddles;
        for (int j = 0; j < st.count; j++) {
            int w = 14 * j;
            int in = xo + 2 * s * j;
            int out = yo + 16 * s * j;
            for (int q = 0; q < 2 * s; q += 2) {
                int i0 = in + q;
                int i4 = i0 + 4 * step;
                double b0r = x[i0] + x[i4];
                double b0i = x[i0 + 1] + x[i4 + 1];
                double c0r = x[i0] - x[i4];
                double c0i = x[i0 + 1] - x[i4 + 1];
                double b1r = x[i0 + step] + x[i4 + step];
                double b1i = x[i0 + step + 1] + x[i4 + step + 1];
                double d1r = x[i0 + step] - x[i4 + step];
                double d1i = x[i0 + step + 1] - x[i4 + step + 1];
                double b2r = x[i0 + 2 * step] + x[i4 + 2 * step];
                double b2i = x[i0 + 2 * step + 1] + x[i4 + 2 * step + 1];
                // c2 = -i d2
                double c2r = x[i0 + 2 * step + 1] - x[i4 + 2 * step + 1];
                double c2i = x[i4 + 2 * step] - x[i0 + 2 * step];
                double b3r = x[i0 + 3 * step] + x[i4 + 3 * step];
                double b3i = x[i0 + 3 * step + 1] + x[i4 + 3 * step + 1];
                double d3r = x[i0 + 3 * step] - x[i4 + 3 * step];
                double d3i = x[i0 + 3 * step + 1] - x[i4 + 3 * step + 1];
                // c1 = d1 (1 - i) / sqrt 2, c3 = -d3 (1 + i) / sqrt 2
                double c1r = (d1r + d1i) * SQRT_HALF;
                double c1i = (d1i - d1r) * SQRT_HALF;
                double c3r = (d3i - d3r) * SQRT_HALF;
                double c3i = (d3r + d3i) * -SQRT_HALF;
                // the radix-4 DFTs, t3 and u3 times -i
                double t0r = b0r + b2r;
                double t0i = b0i + b2i;
                double t1r = b0r - b2r;
                double t1i = b0i - b2i;
                double t2r = b1r + b3r;
                double t2i = b1i + b3i;
                double t3r = b1i - b3i;
                double t3i = b3r - b1r;
                double u0r = c0r + c2r;
                double u0i = c0i + c2i;
                double u1r = c0r - c2r;
                double u1i = c0i - c2i;
                double u2r = c1r + c3r;
                double u2i = c1i + c3i;
                double u3r = c1i - c3i;
                double u3i = c3r - c1r;
                int o0 = out + q;
                y[o0] = t0r + t2r;
                y[o0 + 1] = t0i + t2i;
                storeTwiddled(y, o0 + 2 * s, u0r + u2r, u0i + u2i, tw[w], tw[w + 1]);
                storeTwiddled(y, o0 + 4 * s, t1r + t3r, t1i + t3i, tw[w + 2], tw[w + 3]);
                storeTwiddled(y, o0 + 6 * s, u1r + u3r, u1i + u3i, tw[w + 4], tw[w + 5]);
                storeTwiddled(y, o0 + 8 * s, t0r - t2r, t0i - t2i, tw[w + 6], tw[w + 7]);
                storeTwiddled(y, o0 + 10 * s, u0r - u2r, u0i - u2i, tw[w + 8], tw[w + 9]);
                storeTwiddled(y, o0 + 12 * s, t1r - t3r, t1i - t3i, tw[w + 10], tw[w + 11]);
                storeTwiddled(y, o0 + 14 * s, u1r - u3r, u1i - u3i, tw[w + 12], tw[w + 13]);
            }
        }
    }

    /**
     * Radix-p butterfly for an odd prime p, pairing inputs k and p - k:
     * {@code b[t], b[p-t] = a0 + sum_k cos(2 pi tk/p) (a_k + a_{p-k}) -/+ i sum_k sin(2 pi tk/p) (a_k - a_{p-k})}.
     * All {@code s} interleaved sub-sequences go together (innermost loop over {@code q}, contiguous,
     * vectorised when the Vector API is there): the pair sums {@code P_k} and the differences times
     * {@code -i}, {@code D_k}, go to {@code tmp} at {@code tmpOff + 2 (k - 1) 2s} and {@code + 2s},
     * so {@code b[t], b[p-t] = C_t +/- S_t} with {@code C_t = a0 + sum cos P_k},
     * {@code S_t = sum sin D_k}. Twiddles of {@code j = 0} are 1 and are skipped.
     */
    private static void radixOdd(Stage st, double[] x, int xo, double[] y, int yo, double[] tmp, int tmpOff) {
        int p = st.radix;
        int half = (p - 1) / 2;
        int s = st.stride;
        int s2 = 2 * s;
        int step = s2 * st.count;
        double[] tw = st.twiddles;
        double[] cos = st.cos;
        double[] sin = st.sin;
        boolean vector = Vectorization.ENABLED;
        for (int j = 0; j < st.count; j++) {
            int in = xo + s2 * j;
            int out = yo + s2 * p * j;
            for (int k = 1; k <= half; k++) {
                int ik = in + k * step;
                int ipk = in + (p - k) * step;
                int pk = tmpOff + 2 * (k - 1) * s2;
                int dk = pk + s2;
                for (int q = 0; q < s2; q += 2) {
                    double ar = x[ik + q];
                    double ai = x[ik + q + 1];
                    double br = x[ipk + q];
                    double bi = x[ipk + q + 1];
                    tmp[pk + q] = ar + br;
                    tmp[pk + q + 1] = ai + bi;
                    // -i (a - b) = (ai - bi) - i (ar - br)
                    tmp[dk + q] = ai - bi;
                    tmp[dk + q + 1] = -(ar - br);
                }
            }
            for (int q = 0; q < s2; q++) {
                double sum = x[in + q];
                for (int k = 0; k < half; k++) {
                    sum += tmp[tmpOff + 2 * k * s2 + q];
                }
                y[out + q] = sum;
            }
            for (int t = 1; t <= half; t++) {
                int row = (t - 1) * half;
                int yt = out + s2 * t;
                int ypt = out + s2 * (p - t);
                int q = vector ? FftOddButterflyVector.pair(x, in, tmp, tmpOff, s2, half, cos, sin, row, y, yt, ypt) : 0;
                for (; q < s2; q++) {
                    double c = x[in + q];
                    double sn = 0;
                    int at = tmpOff + q;
                    for (int k = 0; k < half; k++, at += 2 * s2) {
                        c += cos[row + k] * tmp[at];
                        sn += sin[row + k] * tmp[at + s2];
                    }
                    y[yt + q] = c + sn;
                    y[ypt + q] = c - sn;
                }
            }
            if (j != 0) {
                int w = 2 * j * (p - 1);
                for (int t = 1; t < p; t++) {
                    double wr = tw[w + 2 * (t - 1)];
                    double wi = tw[w + 2 * (t - 1) + 1];
                    int at = out + s2 * t;
                    for (int q = 0; q < s2; q += 2) {
                        storeTwiddled(y, at + q, y[at + q], y[at + q + 1], wr, wi);
                    }
                }
            }
        }
    }

    private static void storeTwiddled(double[] y, int at, double re, double im, double wr, double wi) {
        y[at] = re * wr - im * wi;
        y[at + 1] = re * wi + im * wr;
    }
}
