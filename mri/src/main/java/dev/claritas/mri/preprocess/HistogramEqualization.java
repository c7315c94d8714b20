package dev.claritas.mri.preprocess;

import dev.claritas.tensor.Tensor;

/**
 * scikit-image's {@code exposure.equalize_hist(image, nbins=256)} (0.19), in float64: each value is
 * mapped through the normalised cumulative histogram, {@code np.interp(v, bin_centers, cdf)}, linear
 * between bin centres and flat beyond the first and last.
 */
public final class HistogramEqualization {
    private HistogramEqualization() {}

    /** The equalised values, in (0, 1]. */
    public static double[] equalize(double[] values, int bins) {
        Histogram h = Histogram.of(values, bins);
        long[] c = h.counts();
        double[] x = h.centers();
        double[] cdf = new double[c.length];
        long cum = 0;
        for (int i = 0; i < c.length; i++) {
            cum += c[i];
            cdf[i] = cum;
        }
        for (int i = 0; i < c.length; i++) {
            cdf[i] /= cum;
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = interp(values[i], x, cdf);
        }
        return out;
    }

    /** Equalises a tensor with 256 bins; the result has the input's shape and dtype, on the input's device. */
    public static Tensor equalize(Tensor image) {
        double[] out = equalize(image.toDoubleArray(), 256);
        return Tensor.of(out, image.shape().toArray()).to(image.dtype()).to(image.device());
    }

    /** numpy's {@code interp} for increasing {@code xp}. */
    static double interp(double v, double[] xp, double[] fp) {
        int n = xp.length;
        if (v <= xp[0]) {
            return fp[0];
        }
        if (v >= xp[n - 1]) {
            return fp[n - 1];
        }
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) {  // xp[lo] <= v < xp[hi]
            int mid = (lo + hi) >>> 1;
            if (xp[mid] <= v) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double slope = (fp[hi] - fp[lo]) / (xp[hi] - xp[lo]);
        return slope * (v - xp[lo]) + fp[lo];
    }
}
