package dev.claritas.kernels.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API inner loop of {@link FftMixedRadixPlan}'s generic odd-prime butterfly: for one output
 * pair {@code (t, p - t)} it runs over the {@code 2 s} doubles of the interleaved sub-sequences at
 * once. Loaded only when {@link Vectorization#ENABLED}. It does the same multiplies and adds in the
 * same order as the scalar loop (no fused multiply-add), so both paths give identical bits.
 */
final class FftOddButterflyVector {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private FftOddButterflyVector() {}

    /**
     * Writes {@code C + S} to {@code y[yt + q]} and {@code C - S} to {@code y[ypt + q]}, where
     * {@code C = x[x0 + q] + sum_k cos[row + k] tmp[base + 2 k s2 + q]} and
     * {@code S = sum_k sin[row + k] tmp[base + (2 k + 1) s2 + q]}, for {@code q} in
     * {@code [0, end)}; returns {@code end}, the largest multiple of the vector length {@code <= s2}.
     */
    static int pair(double[] x, int x0, double[] tmp, int base, int s2, int half,
            double[] cos, double[] sin, int row, double[] y, int yt, int ypt) {
        int end = D.loopBound(s2);
        for (int q = 0; q < end; q += D.length()) {
            DoubleVector c = DoubleVector.fromArray(D, x, x0 + q);
            DoubleVector s = DoubleVector.zero(D);
            int at = base + q;
            for (int k = 0; k < half; k++, at += 2 * s2) {
                c = c.add(DoubleVector.fromArray(D, tmp, at).mul(cos[row + k]));
                s = s.add(DoubleVector.fromArray(D, tmp, at + s2).mul(sin[row + k]));
            }
            c.add(s).intoArray(y, yt + q);
            c.sub(s).intoArray(y, ypt + q);
        }
        return end;
    }
}
