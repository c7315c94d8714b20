package dev.claritas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API row loops of {@link Upsampling} for float data; loaded only when
 * {@link Vectorization#ENABLED}. They compute the same float operations, in the same order, as
 * the scalar loops they replace, so results are bitwise the same.
 *
 * <p>Doubling a row interleaves two vectors of {@code L} lanes into {@code 2L} outputs with lane
 * selections (each input pixel twice for nearest; the even and odd outputs' blends for bilinear).
 * A row whose length is not a multiple of the step ends with one step over its last positions,
 * which rewrites a few outputs with the same values; rows too short for one step stay scalar.
 */
final class UpsamplingVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();

    /** {@code v.rearrange(TWICE_LOW)} is lanes 0, 0, 1, 1, ... of v; TWICE_HIGH the upper half's. */
    private static final VectorShuffle<Float> TWICE_LOW = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> TWICE_HIGH = VectorShuffle.fromOp(S, i -> L / 2 + i / 2);
    /** As lane indices into the pair (a, b): a0, b0, a1, b1, ... and the upper halves'. */
    private static final float[] ZIP_LOW = new float[L];
    private static final float[] ZIP_HIGH = new float[L];

    static {
        for (int i = 0; i < L; i++) {
            ZIP_LOW[i] = i / 2 + (i % 2) * L;
            ZIP_HIGH[i] = L / 2 + i / 2 + (i % 2) * L;
        }
    }

    private UpsamplingVector() {}

    /** Whether {@link #nearestDoubledRow} takes rows of {@code wd} input pixels. */
    static boolean doublesRowsOf(int wd) {
        return wd >= L;
    }

    /** {@code out[dst + 2i] = out[dst + 2i + 1] = x[src + i]} for i in [0, wd), wd >= L. */
    static void nearestDoubledRow(float[] x, int src, int wd, float[] out, int dst) {
        int ix = 0;
        for (; ix <= wd - L; ix += L) {
            FloatVector v = FloatVector.fromArray(S, x, src + ix);
            v.rearrange(TWICE_LOW).intoArray(out, dst + 2 * ix);
            v.rearrange(TWICE_HIGH).intoArray(out, dst + 2 * ix + L);
        }
        if (ix < wd) {
            ix = wd - L;
            FloatVector v = FloatVector.fromArray(S, x, src + ix);
            v.rearrange(TWICE_LOW).intoArray(out, dst + 2 * ix);
            v.rearrange(TWICE_HIGH).intoArray(out, dst + 2 * ix + L);
        }
    }

    /**
     * Whether the bilinear column taps of {@code wd} inputs to {@code wo = 2·wd} outputs are,
     * at every output {@code 2k} and {@code 2k + 1} with {@code 1 <= k < wd - 1}, PyTorch's ×2
     * pattern: {@code 0.25·x[k-1] + 0.75·x[k]} and {@code 0.75·x[k] + 0.25·x[k+1]}, and the row
     * is long enough for one vector step.
     */
    static boolean bilinearDoubles(int wd, int wo, int[] c0, int[] c1, float[] w0, float[] w1) {
        if (wo != 2 * wd || wd < L + 2) {
            return false;
        }
        for (int k = 1; k < wd - 1; k++) {
            int e = 2 * k, o = e + 1;
            if (c0[e] != k - 1 || c1[e] != k || w0[e] != 0.25f || w1[e] != 0.75f
                    || c0[o] != k || c1[o] != k + 1 || w0[o] != 0.75f || w1[o] != 0.25f) {
                return false;
            }
        }
        return true;
    }

    /**
     * The horizontal blend of the input row at {@code row} into {@code into} (2·wd outputs) where
     * {@link #bilinearDoubles} holds: outputs {@code [2, 2·wd - 2)} by vectors, the two at each end
     * from the tables as the scalar loop computes them.
     */
    static void bilinearDoubledRow(float[] x, int row, int wd, int[] c0, int[] c1, float[] w0, float[] w1,
                                   float[] into) {
        FloatVector zipLow = FloatVector.fromArray(S, ZIP_LOW, 0);
        FloatVector zipHigh = FloatVector.fromArray(S, ZIP_HIGH, 0);
        int wo = 2 * wd;
        edge(x, row, c0, c1, w0, w1, into, 0);
        edge(x, row, c0, c1, w0, w1, into, 1);
        edge(x, row, c0, c1, w0, w1, into, wo - 2);
        edge(x, row, c0, c1, w0, w1, into, wo - 1);
        // k runs over [1, wd - 1): the last step starts at wd - 1 - L
        for (int step = 1; step < wd - 1; step += L) {
            int k = Math.min(step, wd - 1 - L);
            FloatVector left = FloatVector.fromArray(S, x, row + k - 1);
            FloatVector mid = FloatVector.fromArray(S, x, row + k);
            FloatVector right = FloatVector.fromArray(S, x, row + k + 1);
            // outputs 2k, 2k + 2, ... mix (x[k-1], x[k]); outputs 2k + 1, ... mix (x[k], x[k+1])
            FloatVector even = left.mul(0.25f).add(mid.mul(0.75f));
            FloatVector odd = mid.mul(0.75f).add(right.mul(0.25f));
            zipLow.selectFrom(even, odd).intoArray(into, 2 * k);
            zipHigh.selectFrom(even, odd).intoArray(into, 2 * k + L);
        }
    }

    private static void edge(float[] x, int row, int[] c0, int[] c1, float[] w0, float[] w1, float[] into, int ox) {
        into[ox] = w0[ox] * x[row + c0[ox]] + w1[ox] * x[row + c1[ox]];
    }

    /** {@code out[dst + i] = wy0 * b0[i] + wy1 * b1[i]} for i in [0, n), n >= L. */
    static void mix(float wy0, float[] b0, float wy1, float[] b1, float[] out, int dst, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, b0, i).mul(wy0)
                    .add(FloatVector.fromArray(S, b1, i).mul(wy1))
                    .intoArray(out, dst + i);
        }
        if (i < n) {
            i = n - L;
            FloatVector.fromArray(S, b0, i).mul(wy0)
                    .add(FloatVector.fromArray(S, b1, i).mul(wy1))
                    .intoArray(out, dst + i);
        }
    }
}
