package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.FftMixedRadixPlan.COS_144;
import static dev.claritas.kernels.cpu.FftMixedRadixPlan.COS_72;
import static dev.claritas.kernels.cpu.FftMixedRadixPlan.SIN_144;
import static dev.claritas.kernels.cpu.FftMixedRadixPlan.SIN_60;
import static dev.claritas.kernels.cpu.FftMixedRadixPlan.SIN_72;
import static dev.claritas.kernels.cpu.FftMixedRadixPlan.SQRT_HALF;

import dev.claritas.kernels.cpu.FftMixedRadixPlan.Stage;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FftPlan#forward} for {@link #LANES} independent sequences at once, one per lane of a
 * {@link DoubleVector}. In this lane layout point {@code i} of the sequences starts at
 * {@code offset + 2 L i}: L real parts (lane l belongs to sequence l), then L imaginary parts. So a
 * complex point is two vectors and every operation of the scalar plan becomes the same operation
 * on vectors, with twiddles and constants broadcast.
 *
 * <p>The operations are those of {@link FftMixedRadixPlan} and {@link FftBluesteinPlan} in the same
 * order, without fused multiply-add, so each lane gets exactly the bits the scalar plan gives its
 * sequence. The class also holds the moves into and out of this layout that {@link FftCentred2d}
 * makes: row loads, transposes and interleaved stores. Loaded only when
 * {@link Vectorization#ENABLED}.
 */
final class FftLanesVector {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Sequences transformed together. */
    static final int LANES = D.length();
    /** Doubles per complex point in the lane layout. */
    private static final int E = 2 * LANES;
    /** L floats: a vector of doubles rounded. */
    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    /**
     * Lane indices into two vectors a, b (b's lanes numbered from L on) that interleave them:
     * {@code a0 b0 a1 b1 ...} up to the middle, then on from there. Selected as longs, since
     * double-valued indices would be converted on every use.
     */
    private static final LongVector INTERLEAVE_LOW = interleave(0);
    private static final LongVector INTERLEAVE_HIGH = interleave(LANES / 2);
    /**
     * For the 8 x 8 transpose, swap steps h = 1, 2, 4: lane indices into rows r and r + h (the
     * latter's lanes numbered from 8 on) that give the new rows r and r + h, in which bit h of the
     * row and of the lane index have traded places.
     */
    private static final LongVector[] SWAP_LOW = new LongVector[3];
    private static final LongVector[] SWAP_HIGH = new LongVector[3];

    static {
        if (LANES == 8) {
            for (int step = 0; step < 3; step++) {
                int h = 1 << step;
                long[] low = new long[8];
                long[] high = new long[8];
                for (int c = 0; c < 8; c++) {
                    low[c] = (c & h) == 0 ? c : 8 + (c ^ h);
                    high[c] = (c & h) == 0 ? (c | h) : 8 + c;
                }
                SWAP_LOW[step] = LongVector.fromArray(D.withLanes(long.class), low, 0);
                SWAP_HIGH[step] = LongVector.fromArray(D.withLanes(long.class), high, 0);
            }
        }
    }

    private FftLanesVector() {}

    private static LongVector interleave(int from) {
        long[] index = new long[LANES];
        for (int l = 0; l < LANES; l++) {
            index[l] = from + l / 2 + (l % 2) * LANES;
        }
        return LongVector.fromArray(D.withLanes(long.class), index, 0);
    }

    /**
     * Transforms the {@link #LANES} sequences of {@code plan.length} points in lane layout at
     * {@code data[offset, offset + 2 L n)} in place.
     *
     * @param scratch {@code L * plan.scratchLength()} doubles of working memory from index 0, not
     *     overlapping the data
     */
    static void forward(FftPlan plan, double[] data, int offset, double[] scratch) {
        if (transform(plan, data, offset, scratch)) {
            System.arraycopy(scratch, 0, data, offset, E * plan.length);
        }
    }

    /**
     * {@link #forward} without its last copy: the passes of a Stockham FFT alternate between the
     * data and the scratch, and after an odd number of them the result is left in
     * {@code scratch[0, 2 L n)}. Returns whether it was.
     */
    static boolean transform(FftPlan plan, double[] data, int offset, double[] scratch) {
        return switch (plan) {
            case FftMixedRadixPlan p -> mixedRadix(p, data, offset, scratch);
            case FftBluesteinPlan p -> {
                bluestein(p, data, offset, scratch);
                yield false;
            }
        };
    }

    private static boolean mixedRadix(FftMixedRadixPlan plan, double[] data, int offset, double[] scratch) {
        double[] in = data;
        int inOff = offset;
        double[] out = scratch;
        int outOff = 0;
        for (Stage stage : plan.stages) {
            switch (stage.radix()) {
                case 2 -> radix2(stage, in, inOff, out, outOff);
                case 3 -> radix3(stage, in, inOff, out, outOff);
                case 4 -> radix4(stage, in, inOff, out, outOff);
                case 5 -> radix5(stage, in, inOff, out, outOff);
                case 8 -> radix8(stage, in, inOff, out, outOff);
                default -> radixOdd(stage, in, inOff, out, outOff, scratch, E * plan.length);
            }
            double[] swap = in;
            in = out;
            out = swap;
            int swapOff = inOff;
            inOff = outOff;
            outOff = swapOff;
        }
        return plan.stages.length % 2 == 1;
    }

    private static void radix2(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = E * st.stride();
        int step = s * st.count();
        double[] tw = st.twiddles();
        for (int j = 0; j < st.count(); j++) {
            double w1r = tw[2 * j];
            double w1i = tw[2 * j + 1];
            int in = xo + s * j;
            int out = yo + 2 * s * j;
            for (int q = 0; q < s; q += E) {
                int i0 = in + q;
                int i1 = i0 + step;
                DoubleVector ar = load(x, i0);
                DoubleVector ai = load(x, i0 + LANES);
                DoubleVector br = load(x, i1);
                DoubleVector bi = load(x, i1 + LANES);
                int o0 = out + q;
                ar.add(br).intoArray(y, o0);
                ai.add(bi).intoArray(y, o0 + LANES);
                storeTwiddled(y, o0 + s, ar.sub(br), ai.sub(bi), w1r, w1i);
            }
        }
    }

    private static void radix3(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = E * st.stride();
        int step = s * st.count();
        double[] tw = st.twiddles();
        for (int j = 0; j < st.count(); j++) {
            double w1r = tw[4 * j];
            double w1i = tw[4 * j + 1];
            double w2r = tw[4 * j + 2];
            double w2i = tw[4 * j + 3];
            int in = xo + s * j;
            int out = yo + 3 * s * j;
            for (int q = 0; q < s; q += E) {
                int i0 = in + q;
                DoubleVector a0r = load(x, i0);
                DoubleVector a0i = load(x, i0 + LANES);
                DoubleVector a1r = load(x, i0 + step);
                DoubleVector a1i = load(x, i0 + step + LANES);
                DoubleVector a2r = load(x, i0 + 2 * step);
                DoubleVector a2i = load(x, i0 + 2 * step + LANES);
                DoubleVector sr = a1r.add(a2r);
                DoubleVector si = a1i.add(a2i);
                DoubleVector mr = a0r.sub(sr.mul(0.5));
                DoubleVector mi = a0i.sub(si.mul(0.5));
                DoubleVector nr = a1i.sub(a2i).mul(SIN_60);
                DoubleVector ni = a1r.sub(a2r).mul(-SIN_60);
                int o0 = out + q;
                a0r.add(sr).intoArray(y, o0);
                a0i.add(si).intoArray(y, o0 + LANES);
                storeTwiddled(y, o0 + s, mr.add(nr), mi.add(ni), w1r, w1i);
                storeTwiddled(y, o0 + 2 * s, mr.sub(nr), mi.sub(ni), w2r, w2i);
            }
        }
    }

    private static void radix4(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = E * st.stride();
        int step = s * st.count();
        double[] tw = st.twiddles();
        for (int j = 0; j < st.count(); j++) {
            double w1r = tw[6 * j];
            double w1i = tw[6 * j + 1];
            double w2r = tw[6 * j + 2];
            double w2i = tw[6 * j + 3];
            double w3r = tw[6 * j + 4];
            double w3i = tw[6 * j + 5];
            int in = xo + s * j;
            int out = yo + 4 * s * j;
            for (int q = 0; q < s; q += E) {
                int i0 = in + q;
                int i1 = i0 + step;
                int i2 = i1 + step;
                int i3 = i2 + step;
                DoubleVector a0r = load(x, i0);
                DoubleVector a0i = load(x, i0 + LANES);
                DoubleVector a1r = load(x, i1);
                DoubleVector a1i = load(x, i1 + LANES);
                DoubleVector a2r = load(x, i2);
                DoubleVector a2i = load(x, i2 + LANES);
                DoubleVector a3r = load(x, i3);
                DoubleVector a3i = load(x, i3 + LANES);
                DoubleVector t0r = a0r.add(a2r);
                DoubleVector t0i = a0i.add(a2i);
                DoubleVector t1r = a0r.sub(a2r);
                DoubleVector t1i = a0i.sub(a2i);
                DoubleVector t2r = a1r.add(a3r);
                DoubleVector t2i = a1i.add(a3i);
                // t3 = -i (a1 - a3)
                DoubleVector t3r = a1i.sub(a3i);
                DoubleVector t3i = a3r.sub(a1r);
                int o0 = out + q;
                t0r.add(t2r).intoArray(y, o0);
                t0i.add(t2i).intoArray(y, o0 + LANES);
                storeTwiddled(y, o0 + s, t1r.add(t3r), t1i.add(t3i), w1r, w1i);
                storeTwiddled(y, o0 + 2 * s, t0r.sub(t2r), t0i.sub(t2i), w2r, w2i);
                storeTwiddled(y, o0 + 3 * s, t1r.sub(t3r), t1i.sub(t3i), w3r, w3i);
            }
        }
    }

    private static void radix5(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = E * st.stride();
        int step = s * st.count();
        double[] tw = st.twiddles();
        // The butterfly is large: past a node count C2 inlines only the Vector API's own methods,
        // so this one calls no helper that takes or returns a vector (it would box them).
        DoubleVector cos72 = DoubleVector.broadcast(D, COS_72);
        DoubleVector cos144 = DoubleVector.broadcast(D, COS_144);
        DoubleVector sin72 = DoubleVector.broadcast(D, SIN_72);
        DoubleVector sin144 = DoubleVector.broadcast(D, SIN_144);
        for (int j = 0; j < st.count(); j++) {
            int w = 8 * j;
            int in = xo + s * j;
            int out = yo + 5 * s * j;
            for (int q = 0; q < s; q += E) {
                int i0 = in + q;
                DoubleVector a0r = DoubleVector.fromArray(D, x, i0);
                DoubleVector a0i = DoubleVector.fromArray(D, x, i0 + LANES);
                DoubleVector a1r = DoubleVector.fromArray(D, x, i0 + step);
                DoubleVector a1i = DoubleVector.fromArray(D, x, i0 + step + LANES);
                DoubleVector a2r = DoubleVector.fromArray(D, x, i0 + 2 * step);
                DoubleVector a2i = DoubleVector.fromArray(D, x, i0 + 2 * step + LANES);
                DoubleVector a3r = DoubleVector.fromArray(D, x, i0 + 3 * step);
                DoubleVector a3i = DoubleVector.fromArray(D, x, i0 + 3 * step + LANES);
                DoubleVector a4r = DoubleVector.fromArray(D, x, i0 + 4 * step);
                DoubleVector a4i = DoubleVector.fromArray(D, x, i0 + 4 * step + LANES);
                DoubleVector p1r = a1r.add(a4r);
                DoubleVector p1i = a1i.add(a4i);
                DoubleVector d1r = a1r.sub(a4r);
                DoubleVector d1i = a1i.sub(a4i);
                DoubleVector p2r = a2r.add(a3r);
                DoubleVector p2i = a2i.add(a3i);
                DoubleVector d2r = a2r.sub(a3r);
                DoubleVector d2i = a2i.sub(a3i);
                DoubleVector c1r = a0r.add(p1r.mul(cos72)).add(p2r.mul(cos144));
                DoubleVector c1i = a0i.add(p1i.mul(cos72)).add(p2i.mul(cos144));
                DoubleVector c2r = a0r.add(p1r.mul(cos144)).add(p2r.mul(cos72));
                DoubleVector c2i = a0i.add(p1i.mul(cos144)).add(p2i.mul(cos72));
                DoubleVector s1r = d1r.mul(sin72).add(d2r.mul(sin144));
                DoubleVector s1i = d1i.mul(sin72).add(d2i.mul(sin144));
                DoubleVector s2r = d1r.mul(sin144).sub(d2r.mul(sin72));
                DoubleVector s2i = d1i.mul(sin144).sub(d2i.mul(sin72));
                int o0 = out + q;
                a0r.add(p1r).add(p2r).intoArray(y, o0);
                a0i.add(p1i).add(p2i).intoArray(y, o0 + LANES);
                // b1,4 = c1 -/+ i s1 and b2,3 = c2 -/+ i s2, twiddled as storeTwiddled does, written out:
                // calling it here and in radix8 measured 2-3x slower 2-D transforms (a call the JIT
                // does not inline passes its vectors boxed)
                DoubleVector br = c1r.add(s1i);
                DoubleVector bi = c1i.sub(s1r);
                br.mul(tw[w]).sub(bi.mul(tw[w + 1])).intoArray(y, o0 + s);
                br.mul(tw[w + 1]).add(bi.mul(tw[w])).intoArray(y, o0 + s + LANES);
                br = c2r.add(s2i);
                bi = c2i.sub(s2r);
                br.mul(tw[w + 2]).sub(bi.mul(tw[w + 3])).intoArray(y, o0 + 2 * s);
                br.mul(tw[w + 3]).add(bi.mul(tw[w + 2])).intoArray(y, o0 + 2 * s + LANES);
                br = c2r.sub(s2i);
                bi = c2i.add(s2r);
                br.mul(tw[w + 4]).sub(bi.mul(tw[w + 5])).intoArray(y, o0 + 3 * s);
                br.mul(tw[w + 5]).add(bi.mul(tw[w + 4])).intoArray(y, o0 + 3 * s + LANES);
                br = c1r.sub(s1i);
                bi = c1i.add(s1r);
                br.mul(tw[w + 6]).sub(bi.mul(tw[w + 7])).intoArray(y, o0 + 4 * s);
                br.mul(tw[w + 7]).add(bi.mul(tw[w + 6])).intoArray(y, o0 + 4 * s + LANES);
            }
        }
    }

    /** Radix 8 as {@link FftMixedRadixPlan}'s: helper-free, like {@link #radix5}, for its size. */
    private static void radix8(Stage st, double[] x, int xo, double[] y, int yo) {
        int s = E * st.stride();
        int step = s * st.count();
        double[] tw = st.twiddles();
        for (int j = 0; j < st.count(); j++) {
            int w = 14 * j;
            int in = xo + s * j;
            int out = yo + 8 * s * j;
            for (int q = 0; q < s; q += E) {
                int i0 = in + q;
                int i4 = i0 + 4 * step;
                DoubleVector a0r = DoubleVector.fromArray(D, x, i0);
                DoubleVector a0i = DoubleVector.fromArray(D, x, i0 + LANES);
                DoubleVector a4r = DoubleVector.fromArray(D, x, i4);
                DoubleVector a4i = DoubleVector.fromArray(D, x, i4 + LANES);
                DoubleVector b0r = a0r.add(a4r);
                DoubleVector b0i = a0i.add(a4i);
                DoubleVector c0r = a0r.sub(a4r);
                DoubleVector c0i = a0i.sub(a4i);
                DoubleVector a1r = DoubleVector.fromArray(D, x, i0 + step);
                DoubleVector a1i = DoubleVector.fromArray(D, x, i0 + step + LANES);
                DoubleVector a5r = DoubleVector.fromArray(D, x, i4 + step);
                DoubleVector a5i = DoubleVector.fromArray(D, x, i4 + step + LANES);
                DoubleVector b1r = a1r.add(a5r);
                DoubleVector b1i = a1i.add(a5i);
                DoubleVector d1r = a1r.sub(a5r);
                DoubleVector d1i = a1i.sub(a5i);
                DoubleVector a2r = DoubleVector.fromArray(D, x, i0 + 2 * step);
                DoubleVector a2i = DoubleVector.fromArray(D, x, i0 + 2 * step + LANES);
                DoubleVector a6r = DoubleVector.fromArray(D, x, i4 + 2 * step);
                DoubleVector a6i = DoubleVector.fromArray(D, x, i4 + 2 * step + LANES);
                DoubleVector b2r = a2r.add(a6r);
                DoubleVector b2i = a2i.add(a6i);
                DoubleVector c2r = a2i.sub(a6i);
                DoubleVector c2i = a6r.sub(a2r);
                DoubleVector a3r = DoubleVector.fromArray(D, x, i0 + 3 * step);
                DoubleVector a3i = DoubleVector.fromArray(D, x, i0 + 3 * step + LANES);
                DoubleVector a7r = DoubleVector.fromArray(D, x, i4 + 3 * step);
                DoubleVector a7i = DoubleVector.fromArray(D, x, i4 + 3 * step + LANES);
                DoubleVector b3r = a3r.add(a7r);
                DoubleVector b3i = a3i.add(a7i);
                DoubleVector d3r = a3r.sub(a7r);
                DoubleVector d3i = a3i.sub(a7i);
                DoubleVector c1r = d1r.add(d1i).mul(SQRT_HALF);
                DoubleVector c1i = d1i.sub(d1r).mul(SQRT_HALF);
                DoubleVector c3r = d3i.sub(d3r).mul(SQRT_HALF);
                DoubleVector c3i = d3r.add(d3i).mul(-SQRT_HALF);
                DoubleVector t0r = b0r.add(b2r);
                DoubleVector t0i = b0i.add(b2i);
                DoubleVector t1r = b0r.sub(b2r);
                DoubleVector t1i = b0i.sub(b2i);
                DoubleVector t2r = b1r.add(b3r);
                DoubleVector t2i = b1i.add(b3i);
                DoubleVector t3r = b1i.sub(b3i);
                DoubleVector t3i = b3r.sub(b1r);
                DoubleVector u0r = c0r.add(c2r);
                DoubleVector u0i = c0i.add(c2i);
                DoubleVector u1r = c0r.sub(c2r);
                DoubleVector u1i = c0i.sub(c2i);
                DoubleVector u2r = c1r.add(c3r);
                DoubleVector u2i = c1i.add(c3i);
                DoubleVector u3r = c1i.sub(c3i);
                DoubleVector u3i = c3r.sub(c1r);
                int o = out + q;
                t0r.add(t2r).intoArray(y, o);
                t0i.add(t2i).intoArray(y, o + LANES);
                // the twiddled stores written out, as in radix5 (a call boxes its vector arguments)
                DoubleVector br = u0r.add(u2r);
                DoubleVector bi = u0i.add(u2i);
                o += s;
                br.mul(tw[w]).sub(bi.mul(tw[w + 1])).intoArray(y, o);
                br.mul(tw[w + 1]).add(bi.mul(tw[w])).intoArray(y, o + LANES);
                br = t1r.add(t3r);
                bi = t1i.add(t3i);
                o += s;
                br.mul(tw[w + 2]).sub(bi.mul(tw[w + 3])).intoArray(y, o);
                br.mul(tw[w + 3]).add(bi.mul(tw[w + 2])).intoArray(y, o + LANES);
                br = u1r.add(u3r);
                bi = u1i.add(u3i);
                o += s;
                br.mul(tw[w + 4]).sub(bi.mul(tw[w + 5])).intoArray(y, o);
                br.mul(tw[w + 5]).add(bi.mul(tw[w + 4])).intoArray(y, o + LANES);
                br = t0r.sub(t2r);
                bi = t0i.sub(t2i);
                o += s;
                br.mul(tw[w + 6]).sub(bi.mul(tw[w + 7])).intoArray(y, o);
                br.mul(tw[w + 7]).add(bi.mul(tw[w + 6])).intoArray(y, o + LANES);
                br = u0r.sub(u2r);
                bi = u0i.sub(u2i);
                o += s;
                br.mul(tw[w + 8]).sub(bi.mul(tw[w + 9])).intoArray(y, o);
                br.mul(tw[w + 9]).add(bi.mul(tw[w + 8])).intoArray(y, o + LANES);
                br = t1r.sub(t3r);
                bi = t1i.sub(t3i);
                o += s;
                br.mul(tw[w + 10]).sub(bi.mul(tw[w + 11])).intoArray(y, o);
                br.mul(tw[w + 11]).add(bi.mul(tw[w + 10])).intoArray(y, o + LANES);
                br = u1r.sub(u3r);
                bi = u1i.sub(u3i);
                o += s;
                br.mul(tw[w + 12]).sub(bi.mul(tw[w + 13])).intoArray(y, o);
                br.mul(tw[w + 13]).add(bi.mul(tw[w + 12])).intoArray(y, o + LANES);
            }
        }
    }

    /**
     * The generic odd-prime butterfly of {@link FftMixedRadixPlan}: the pair sums {@code P_k} and
     * the differences times {@code -i}, {@code D_k}, of all sub-sequences go to {@code tmp} first
     * ({@code P_k} at {@code tmpOff + 2 (k - 1) s}, {@code D_k} a further {@code s} on), then
     * {@code b[t], b[p-t] = C_t +/- S_t}, twiddled, with {@code C_t = a0 + sum cos P_k} and
     * {@code S_t = sum sin D_k}.
     */
    private static void radixOdd(Stage st, double[] x, int xo, double[] y, int yo, double[] tmp, int tmpOff) {
        int p = st.radix();
        int half = (p - 1) / 2;
        int s = E * st.stride();
        int step = s * st.count();
        double[] tw = st.twiddles();
        double[] cos = st.cos();
        double[] sin = st.sin();
        for (int j = 0; j < st.count(); j++) {
            int in = xo + s * j;
            int out = yo + s * p * j;
            for (int k = 1; k <= half; k++) {
                int ik = in + k * step;
                int ipk = in + (p - k) * step;
                int pk = tmpOff + 2 * (k - 1) * s;
                int dk = pk + s;
                for (int q = 0; q < s; q += E) {
                    DoubleVector ar = load(x, ik + q);
                    DoubleVector ai = load(x, ik + q + LANES);
                    DoubleVector br = load(x, ipk + q);
                    DoubleVector bi = load(x, ipk + q + LANES);
                    ar.add(br).intoArray(tmp, pk + q);
                    ai.add(bi).intoArray(tmp, pk + q + LANES);
                    ai.sub(bi).intoArray(tmp, dk + q);
                    ar.sub(br).neg().intoArray(tmp, dk + q + LANES);
                }
            }
            for (int q = 0; q < s; q += LANES) {
                DoubleVector sum = load(x, in + q);
                for (int k = 0; k < half; k++) {
                    sum = sum.add(load(tmp, tmpOff + 2 * k * s + q));
                }
                sum.intoArray(y, out + q);
            }
            // Two output pairs t and u at a time share the loads of P_k and D_k and give eight
            // independent sums; with an odd number of pairs the last is computed twice.
            for (int t = 1; t <= half; t += 2) {
                int u = Math.min(t + 1, half);
                int rowT = (t - 1) * half;
                int rowU = (u - 1) * half;
                for (int q = 0; q < s; q += E) {
                    DoubleVector a0r = load(x, in + q);
                    DoubleVector a0i = load(x, in + q + LANES);
                    DoubleVector ctr = a0r;
                    DoubleVector cti = a0i;
                    DoubleVector str = DoubleVector.zero(D);
                    DoubleVector sti = str;
                    DoubleVector cur = a0r;
                    DoubleVector cui = a0i;
                    DoubleVector sur = str;
                    DoubleVector sui = str;
                    int at = tmpOff + q;
                    for (int k = 0; k < half; k++, at += 2 * s) {
                        DoubleVector pr = load(tmp, at);
                        DoubleVector pi = load(tmp, at + LANES);
                        DoubleVector dr = load(tmp, at + s);
                        DoubleVector di = load(tmp, at + s + LANES);
                        ctr = ctr.add(pr.mul(cos[rowT + k]));
                        cti = cti.add(pi.mul(cos[rowT + k]));
                        str = str.add(dr.mul(sin[rowT + k]));
                        sti = sti.add(di.mul(sin[rowT + k]));
                        cur = cur.add(pr.mul(cos[rowU + k]));
                        cui = cui.add(pi.mul(cos[rowU + k]));
                        sur = sur.add(dr.mul(sin[rowU + k]));
                        sui = sui.add(di.mul(sin[rowU + k]));
                    }
                    ctr.add(str).intoArray(y, out + s * t + q);
                    cti.add(sti).intoArray(y, out + s * t + q + LANES);
                    ctr.sub(str).intoArray(y, out + s * (p - t) + q);
                    cti.sub(sti).intoArray(y, out + s * (p - t) + q + LANES);
                    cur.add(sur).intoArray(y, out + s * u + q);
                    cui.add(sui).intoArray(y, out + s * u + q + LANES);
                    cur.sub(sur).intoArray(y, out + s * (p - u) + q);
                    cui.sub(sui).intoArray(y, out + s * (p - u) + q + LANES);
                }
            }
            if (j != 0) {
                int w = 2 * j * (p - 1);
                for (int t = 1; t < p; t++) {
                    double wr = tw[w + 2 * (t - 1)];
                    double wi = tw[w + 2 * (t - 1) + 1];
                    for (int at = out + s * t; at < out + s * (t + 1); at += E) {
                        storeTwiddled(y, at, load(y, at), load(y, at + LANES), wr, wi);
                    }
                }
            }
        }
    }

    /** Bluestein's algorithm as {@link FftBluesteinPlan#forward}, its inner FFTs in lane layout too. */
    private static void bluestein(FftBluesteinPlan plan, double[] data, int offset, double[] scratch) {
        FftPlan convolution = plan.convolution;
        double[] chirp = plan.chirp;
        int padded = LANES * convolution.scratchLength();
        int end = padded + E * convolution.length;
        for (int j = 0; j < plan.length; j++) {
            multiply(data, offset + E * j, chirp, 2 * j, scratch, padded + E * j);
        }
        Arrays.fill(scratch, padded + E * plan.length, end, 0.0);
        forward(convolution, scratch, padded, scratch);
        for (int k = padded, h = 0; k < end; k += E, h += 2) {
            multiply(scratch, k, plan.chirpSpectrum, h, scratch, k);
            load(scratch, k + LANES).neg().intoArray(scratch, k + LANES);
        }
        forward(convolution, scratch, padded, scratch);
        for (int k = 0; k < plan.length; k++) {
            int at = padded + E * k;
            load(scratch, at + LANES).neg().intoArray(scratch, at + LANES);
            multiply(scratch, at, chirp, 2 * k, data, offset + E * k);
        }
    }

    /**
     * Transposes an L x L square: {@code b[bOff + j bStride + i] = a[aOff + i aStride + j]}. Vectors
     * in registers for L = 8 (AVX-512), element by element otherwise.
     */
    static void transpose(double[] a, int aOff, int aStride, double[] b, int bOff, int bStride) {
        if (LANES == 8) {
            transpose8(a, aOff, aStride, b, bOff, bStride);
        } else {
            transposeByElements(a, aOff, aStride, b, bOff, bStride);
        }
    }

    static void transposeByElements(double[] a, int aOff, int aStride, double[] b, int bOff, int bStride) {
        for (int i = 0; i < LANES; i++) {
            for (int j = 0; j < LANES; j++) {
                b[bOff + j * bStride + i] = a[aOff + i * aStride + j];
            }
        }
    }

    /** Three steps that each swap one bit of the row index with the same bit of the lane index. */
    private static void transpose8(double[] a, int aOff, int aStride, double[] b, int bOff, int bStride) {
        LongVector r0 = loadBits(a, aOff);
        LongVector r1 = loadBits(a, aOff + aStride);
        LongVector r2 = loadBits(a, aOff + 2 * aStride);
        LongVector r3 = loadBits(a, aOff + 3 * aStride);
        LongVector r4 = loadBits(a, aOff + 4 * aStride);
        LongVector r5 = loadBits(a, aOff + 5 * aStride);
        LongVector r6 = loadBits(a, aOff + 6 * aStride);
        LongVector r7 = loadBits(a, aOff + 7 * aStride);
        LongVector low = SWAP_LOW[0];
        LongVector high = SWAP_HIGH[0];
        LongVector s0 = low.selectFrom(r0, r1);
        LongVector s1 = high.selectFrom(r0, r1);
        LongVector s2 = low.selectFrom(r2, r3);
        LongVector s3 = high.selectFrom(r2, r3);
        LongVector s4 = low.selectFrom(r4, r5);
        LongVector s5 = high.selectFrom(r4, r5);
        LongVector s6 = low.selectFrom(r6, r7);
        LongVector s7 = high.selectFrom(r6, r7);
        low = SWAP_LOW[1];
        high = SWAP_HIGH[1];
        r0 = low.selectFrom(s0, s2);
        r2 = high.selectFrom(s0, s2);
        r1 = low.selectFrom(s1, s3);
        r3 = high.selectFrom(s1, s3);
        r4 = low.selectFrom(s4, s6);
        r6 = high.selectFrom(s4, s6);
        r5 = low.selectFrom(s5, s7);
        r7 = high.selectFrom(s5, s7);
        low = SWAP_LOW[2];
        high = SWAP_HIGH[2];
        low.selectFrom(r0, r4).reinterpretAsDoubles().intoArray(b, bOff);
        low.selectFrom(r1, r5).reinterpretAsDoubles().intoArray(b, bOff + bStride);
        low.selectFrom(r2, r6).reinterpretAsDoubles().intoArray(b, bOff + 2 * bStride);
        low.selectFrom(r3, r7).reinterpretAsDoubles().intoArray(b, bOff + 3 * bStride);
        high.selectFrom(r0, r4).reinterpretAsDoubles().intoArray(b, bOff + 4 * bStride);
        high.selectFrom(r1, r5).reinterpretAsDoubles().intoArray(b, bOff + 5 * bStride);
        high.selectFrom(r2, r6).reinterpretAsDoubles().intoArray(b, bOff + 6 * bStride);
        high.selectFrom(r3, r7).reinterpretAsDoubles().intoArray(b, bOff + 7 * bStride);
    }

    private static LongVector loadBits(double[] a, int at) {
        return load(a, at).reinterpretAsLongs();
    }

    /**
     * {@code rows[to + i] = src[from + i] * rowSign * sign[signOff + i]} for {@code i < length}:
     * a stretch of a source row widened, centred and conjugated.
     */
    static void loadRow(float[] src, int from, double rowSign, double[] sign, int signOff, double[] rows, int to,
            int length) {
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            ((DoubleVector) FloatVector.fromArray(FLOATS, src, from + i).convertShape(VectorOperators.F2D, D, 0))
                    .mul(rowSign).mul(load(sign, signOff + i)).intoArray(rows, to + i);
        }
        for (; i < length; i++) {
            rows[to + i] = src[from + i] * rowSign * sign[signOff + i];
        }
    }

    /** The double twin of {@link #loadRow(float[], int, double, double[], int, double[], int, int)}. */
    static void loadRow(double[] src, int from, double rowSign, double[] sign, int signOff, double[] rows, int to,
            int length) {
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            load(src, from + i).mul(rowSign).mul(load(sign, signOff + i)).intoArray(rows, to + i);
        }
        for (; i < length; i++) {
            rows[to + i] = src[from + i] * rowSign * sign[signOff + i];
        }
    }

    /**
     * Stores one row of a tile of columns, the L points at {@code work[from]} in lane layout, as
     * interleaved (re, im) floats at {@code dst[to, to + 2L)}: {@code (float) (re * reScale *
     * sign[signOff + l])} and likewise the imaginary parts with {@code imScale}.
     */
    static void storeRow(double[] work, int from, double reScale, double imScale, double[] sign, int signOff,
            float[] dst, int to) {
        DoubleVector s = DoubleVector.fromArray(D, sign, signOff);
        LongVector re = load(work, from).mul(reScale).mul(s).reinterpretAsLongs();
        LongVector im = load(work, from + LANES).mul(imScale).mul(s).reinterpretAsLongs();
        toFloats(INTERLEAVE_LOW.selectFrom(re, im)).intoArray(dst, to);
        toFloats(INTERLEAVE_HIGH.selectFrom(re, im)).intoArray(dst, to + LANES);
    }

    /** The double twin of {@link #storeRow(double[], int, double, double, double[], int, float[], int)}. */
    static void storeRow(double[] work, int from, double reScale, double imScale, double[] sign, int signOff,
            double[] dst, int to) {
        DoubleVector s = DoubleVector.fromArray(D, sign, signOff);
        LongVector re = load(work, from).mul(reScale).mul(s).reinterpretAsLongs();
        LongVector im = load(work, from + LANES).mul(imScale).mul(s).reinterpretAsLongs();
        INTERLEAVE_LOW.selectFrom(re, im).reinterpretAsDoubles().intoArray(dst, to);
        INTERLEAVE_HIGH.selectFrom(re, im).reinterpretAsDoubles().intoArray(dst, to + LANES);
    }

    private static FloatVector toFloats(LongVector doubleBits) {
        return (FloatVector) doubleBits.reinterpretAsDoubles().convertShape(VectorOperators.D2F, FLOATS, 0);
    }

    private static DoubleVector load(double[] a, int at) {
        return DoubleVector.fromArray(D, a, at);
    }

    /** Stores {@code (re + i im)(wr + i wi)} at {@code y[at]} (real parts) and {@code y[at + L]}. */
    private static void storeTwiddled(double[] y, int at, DoubleVector re, DoubleVector im, double wr, double wi) {
        re.mul(wr).sub(im.mul(wi)).intoArray(y, at);
        re.mul(wi).add(im.mul(wr)).intoArray(y, at + LANES);
    }

    /** {@code c[ci] = a[ai] * b[bi]}: lane-layout points a and c (c may alias a) times one interleaved complex b. */
    private static void multiply(double[] a, int ai, double[] b, int bi, double[] c, int ci) {
        storeTwiddled(c, ci, load(a, ai), load(a, ai + LANES), b[bi], b[bi + 1]);
    }
}
