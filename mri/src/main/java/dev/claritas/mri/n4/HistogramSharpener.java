package dev.claritas.mri.n4;

/**
 * N4's histogram sharpening (Tustison et al. 2010, section II.B, after Sled et al. 1998): the histogram of the
 * log intensities is taken as the true histogram blurred by a Gaussian (the bias field's spread); it is
 * deconvolved with a Wiener filter, and each log intensity is then mapped to its conditional expectation under
 * the sharpened histogram, E[û | v] (Tustison's eq. 4–5). The parameters are ITK's
 * {@code N4BiasFieldCorrectionImageFilter}: {@code NumberOfHistogramBins} 200,
 * {@code BiasFieldFullWidthAtHalfMaximum} 0.15, {@code WienerFilterNoise} 0.01.
 *
 * <p>As in ITK, values are spread into two neighbouring bins by linear interpolation, the histogram is centred
 * in a zero-padded array of length 2^(⌈log2 bins⌉ + 1) (512 for 200 bins) so the circular convolution of the FFT
 * does not wrap, and the deconvolved histogram is clamped at zero.
 */
public final class HistogramSharpener {

    private final int bins;
    private final double fwhm;
    private final double wienerNoise;

    /**
     * @param bins        number of histogram bins (ITK's default 200)
     * @param fwhm        full width at half maximum of the Gaussian assumed to blur the log histogram (0.15)
     * @param wienerNoise the Wiener filter's noise term, added to |F|² in the denominator (0.01)
     */
    public HistogramSharpener(int bins, double fwhm, double wienerNoise) {
        if (bins < 2 || !(fwhm > 0) || !(wienerNoise >= 0)) {
            throw new IllegalArgumentException("need bins >= 2, fwhm > 0 and wienerNoise >= 0, got " + bins + ", "
                    + fwhm + ", " + wienerNoise);
        }
        this.bins = bins;
        this.fwhm = fwhm;
        this.wienerNoise = wienerNoise;
    }

    /** ITK's defaults: 200 bins, FWHM 0.15, Wiener noise 0.01. */
    public static HistogramSharpener withDefaults() {
        return new HistogramSharpener(200, 0.15, 0.01);
    }

    /**
     * The sharpened values: each log intensity replaced by its expected value under the deconvolved histogram.
     * Values that are all equal are returned unchanged (there is nothing to sharpen).
     */
    public double[] sharpen(double[] logValues) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : logValues) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double slope = (max - min) / (bins - 1);
        if (!(slope > 0)) {
            return logValues.clone();
        }
        int padded = Integer.highestOneBit(bins - 1) << 2; // 2^(ceil(log2 bins) + 1)
        int offset = (padded - bins) / 2;

        double[] vr = new double[padded], vi = new double[padded];
        for (double v : logValues) {
            double c = (v - min) / slope;
            int idx = (int) Math.floor(c);
            double frac = c - idx;
            if (idx < bins - 1) {
                vr[offset + idx] += 1 - frac;
                vr[offset + idx + 1] += frac;
            } else {
                vr[offset + bins - 1] += 1;
            }
        }
        Fft.transform(vr, vi, false);

        // Spectrum of the normalised Gaussian of the given FWHM, in bin units; symmetric, so the spectrum is real.
        double scaledFwhm = fwhm / slope;
        double expFactor = 4 * Math.log(2) / (scaledFwhm * scaledFwhm);
        double scale = 2 * Math.sqrt(Math.log(2) / Math.PI) / scaledFwhm;
        double[] fr = new double[padded], fi = new double[padded];
        for (int k = 0; k <= padded / 2; k++) {
            double g = scale * Math.exp(-(double) k * k * expFactor);
            fr[k] = g;
            fr[(padded - k) % padded] = g;
        }
        Fft.transform(fr, fi, false);

        // Wiener deconvolution U = V conj(F) / (|F|² + noise), clamped to a non-negative histogram.
        double[] ur = new double[padded], ui = new double[padded];
        for (int k = 0; k < padded; k++) {
            double denom = fr[k] * fr[k] + fi[k] * fi[k] + wienerNoise;
            double gr = fr[k] / denom, gi = -fi[k] / denom;
            ur[k] = vr[k] * gr - vi[k] * gi;
            ui[k] = vr[k] * gi + vi[k] * gr;
        }
        Fft.transform(ur, ui, true);
        double[] u = new double[padded];
        double[] weighted = new double[padded];
        for (int k = 0; k < padded; k++) {
            u[k] = Math.max(ur[k], 0);
            weighted[k] = (min + (k - offset) * slope) * u[k];
        }

        // E[û | v] = (F * (û U)) / (F * U), both convolutions with the same Gaussian (Tustison eq. 5).
        double[] numerator = convolve(weighted, fr, fi);
        double[] denominator = convolve(u, fr, fi);
        double[] expectation = new double[padded];
        for (int k = 0; k < padded; k++) {
            expectation[k] = denominator[k] != 0 ? numerator[k] / denominator[k] : 0;
        }

        double[] out = new double[logValues.length];
        for (int i = 0; i < out.length; i++) {
            double c = (logValues[i] - min) / slope + offset;
            int idx = (int) Math.floor(c);
            out[i] = idx + 1 < padded
                    ? expectation[idx] + (expectation[idx + 1] - expectation[idx]) * (c - idx)
                    : expectation[padded - 1];
        }
        return out;
    }

    /** Real part of the circular convolution of {@code x} with the filter whose spectrum is {@code (fr, fi)}. */
    private static double[] convolve(double[] x, double[] fr, double[] fi) {
        double[] re = x.clone(), im = new double[x.length];
        Fft.transform(re, im, false);
        for (int k = 0; k < re.length; k++) {
            double r = re[k] * fr[k] - im[k] * fi[k];
            im[k] = re[k] * fi[k] + im[k] * fr[k];
            re[k] = r;
        }
        Fft.transform(re, im, true);
        return re;
    }
}
