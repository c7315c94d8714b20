package dev.claritas.mri.preprocess;

import java.util.Arrays;

/**
 * numpy's {@code np.percentile(a, q, method="linear")} (the default): sort, then interpolate linearly
 * at position {@code q/100 · (n − 1)}.
 */
public final class Percentile {
    private Percentile() {}

    /** The percentiles {@code qs} (each in [0, 100]) of {@code values}. */
    public static double[] of(double[] values, double... qs) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of an empty array");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[qs.length];
        for (int k = 0; k < qs.length; k++) {
            double q = qs[k];
            if (!(q >= 0 && q <= 100)) {
                throw new IllegalArgumentException("percentiles lie in [0, 100], got " + q);
            }
            double pos = q / 100 * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            double t = pos - lo;
            double a = sorted[lo];
            double b = sorted[hi];
            // numpy's _lerp: from the nearer end, so that t = 1 gives b exactly
            out[k] = t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
        }
        return out;
    }
}
