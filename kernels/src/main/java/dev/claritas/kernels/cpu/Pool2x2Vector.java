package dev.claritas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link Pool2x2} for float data; loaded only when {@link Vectorization#ENABLED}.
 *
 * <p>One step makes {@code L} outputs (a vector's lanes) from {@code 2L} floats of each of the two
 * input rows: two loads per row, split into even and odd columns by a two-table lane selection
 * ({@code selectFrom}), which gives the window's four pixels a, b (top row) and c, d (bottom row)
 * in four vectors. Max pooling then runs the general loop's three comparisons lane-wise, as
 * masks and blends: no branches, and each output is the same input element (same bits) the scalar
 * loop picks. Its index is the top-left pixel's plus 0, 1, wd or wd + 1, blended along, widened to
 * int64 in the same step. Average pooling sums {@code ((0 + a) + b) + c) + d} and multiplies by
 * 1/4, which rounds as the division by 4 does (the same float); the average's gradient spreads
 * {@code 0 + g / 4} to the window's four pixels by duplicating lanes.
 *
 * <p>A row whose output count is not a multiple of {@code L} ends with one step over its last
 * {@code L} outputs, which rewrites a few of them with the same values; rows shorter than
 * {@code L} take the scalar loop.
 */
final class Pool2x2Vector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> SI = S.withLanes(int.class);
    private static final VectorSpecies<Long> SL = S.withLanes(long.class);
    static final int L = S.length();
    /** Lanes of int64 per store: an int vector of L lanes widens into L / LL long vectors. */
    private static final int LL = SL.length();

    /** {@code v.rearrange(TWICE_LOW)} is lanes 0, 0, 1, 1, ... of v; TWICE_HIGH the upper half's. */
    private static final VectorShuffle<Float> TWICE_LOW = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> TWICE_HIGH = VectorShuffle.fromOp(S, i -> L / 2 + i / 2);

    private static final float[] EVEN = new float[L];
    private static final float[] ODD = new float[L];
    private static final int[] TWICE_IOTA = new int[L];

    static {
        for (int i = 0; i < L; i++) {
            EVEN[i] = 2 * i;
            ODD[i] = 2 * i + 1;
            TWICE_IOTA[i] = 2 * i;
        }
    }

    private Pool2x2Vector() {}

    static void maxPool(float[] x, float[] out, long[] indices, int planes, int h, int wd, int ho, int wo) {
        Parallel.forRange(planes, Pool2x2.cost(ho, wo), (p0, p1) -> {
            FloatVector even = FloatVector.fromArray(S, EVEN, 0);
            FloatVector odd = FloatVector.fromArray(S, ODD, 0);
            IntVector twiceIota = IntVector.fromArray(SI, TWICE_IOTA, 0);
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int line0 = 2 * oy * wd;
                    int o = (plane * ho + oy) * wo;
                    if (wo < L) {
                        Pool2x2.maxRow(x, in, line0, wd, out, indices, o, wo);
                        continue;
                    }
                    for (int step = 0; step < wo; step += L) {
                        int ox = Math.min(step, wo - L);
                        int ix = line0 + 2 * ox;
                        FloatVector top0 = FloatVector.fromArray(S, x, in + ix);
                        FloatVector top1 = FloatVector.fromArray(S, x, in + ix + L);
                        FloatVector bottom0 = FloatVector.fromArray(S, x, in + ix + wd);
                        FloatVector bottom1 = FloatVector.fromArray(S, x, in + ix + wd + L);
                        FloatVector m = even.selectFrom(top0, top1);

                        FloatVector v = odd.selectFrom(top0, top1);
                        VectorMask<Float> take = replaces(m, v);
                        m = m.blend(v, take);
                        IntVector offset = IntVector.zero(SI).blend(1, take.cast(SI));

                        v = even.selectFrom(bottom0, bottom1);
                        take = replaces(m, v);
                        m = m.blend(v, take);
                        offset = offset.blend(wd, take.cast(SI));

                        v = odd.selectFrom(bottom0, bottom1);
                        take = replaces(m, v);
                        m = m.blend(v, take);
                        offset = offset.blend(wd + 1, take.cast(SI));

                        m.intoArray(out, o + ox);
                        if (indices == null) {
                            continue; // no gradient will be taken: the positions are not wanted
                        }
                        IntVector best = offset.add(twiceIota).add(ix);
                        for (int part = 0; part < L / LL; part++) {
                            ((LongVector) best.convertShape(VectorOperators.I2L, SL, part))
                                    .intoArray(indices, o + ox + part * LL);
                        }
                    }
                }
            }
        });
    }

    /** Where v replaces the running maximum m: {@code v > m} or v is NaN (the general loop's rule). */
    private static VectorMask<Float> replaces(FloatVector m, FloatVector v) {
        return v.compare(VectorOperators.GT, m).or(v.compare(VectorOperators.NE, v));
    }

    static void sumPool(float[] x, float[] out, int planes, int h, int wd, int ho, int wo, float scale) {
        Parallel.forRange(planes, Pool2x2.cost(ho, wo), (p0, p1) -> {
            FloatVector even = FloatVector.fromArray(S, EVEN, 0);
            FloatVector odd = FloatVector.fromArray(S, ODD, 0);
            FloatVector zero = FloatVector.zero(S);
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int r0 = in + 2 * oy * wd;
                    int o = (plane * ho + oy) * wo;
                    if (wo < L) {
                        Pool2x2.sumRow(x, r0, wd, out, o, wo, scale);
                        continue;
                    }
                    for (int step = 0; step < wo; step += L) {
                        int ox = Math.min(step, wo - L);
                        int top = r0 + 2 * ox, bottom = top + wd;
                        FloatVector top0 = FloatVector.fromArray(S, x, top);
                        FloatVector top1 = FloatVector.fromArray(S, x, top + L);
                        FloatVector bottom0 = FloatVector.fromArray(S, x, bottom);
                        FloatVector bottom1 = FloatVector.fromArray(S, x, bottom + L);
                        zero.add(even.selectFrom(top0, top1))
                                .add(odd.selectFrom(top0, top1))
                                .add(even.selectFrom(bottom0, bottom1))
                                .add(odd.selectFrom(bottom0, bottom1))
                                .mul(scale)
                                .intoArray(out, o + ox);
                    }
                }
            }
        });
    }

    /** {@link Pool2x2#spreadRow} over a whole gradient row of {@code wo >= L} windows. */
    static void spreadRow(float[] gradOut, int o, int wo, float[] gradIn, int r0, int wd) {
        FloatVector zero = FloatVector.zero(S);
        for (int step = 0; step < wo; step += L) {
            int ox = Math.min(step, wo - L);
            FloatVector share = zero.add(FloatVector.fromArray(S, gradOut, o + ox).mul(0.25f));
            FloatVector low = share.rearrange(TWICE_LOW), high = share.rearrange(TWICE_HIGH);
            int at = r0 + 2 * ox;
            low.intoArray(gradIn, at);
            high.intoArray(gradIn, at + L);
            low.intoArray(gradIn, at + wd);
            high.intoArray(gradIn, at + wd + L);
        }
    }
}
