package dev.claritas.mri.preprocess;

import dev.claritas.tensor.Tensor;

/**
 * Foreground by Otsu's threshold: scikit-image's {@code filters.threshold_otsu(image, nbins=256)}
 * (0.19), computed in float64, and the mask {@code image > threshold}. The threshold is the bin
 * centre that maximises the between-class variance {@code w₁(k)·w₂(k+1)·(μ₁(k) − μ₂(k+1))²} over the
 * {@link Histogram}; a constant image's threshold is its value (an empty mask).
 */
public final class OtsuMask {
    private OtsuMask() {}

    /** scikit-image's {@code threshold_otsu} with {@code bins} bins. */
    public static double threshold(double[] values, int bins) {
        boolean constant = true;
        for (double v : values) {
            constant &= v == values[0];
        }
        if (constant) {
            return values[0];
        }
        Histogram h = Histogram.of(values, bins);
        long[] c = h.counts();
        double[] x = h.centers();
        int n = c.length;
        double[] weight1 = new double[n];
        double[] mean1 = new double[n];
        double cum = 0;
        double cumWeighted = 0;
        for (int i = 0; i < n; i++) {
            cum += c[i];
            cumWeighted += c[i] * x[i];
            weight1[i] = cum;
            mean1[i] = cumWeighted / cum;
        }
        double[] weight2 = new double[n];
        double[] mean2 = new double[n];
        cum = 0;
        cumWeighted = 0;
        for (int i = n - 1; i >= 0; i--) {
            cum += c[i];
            cumWeighted += c[i] * x[i];
            weight2[i] = cum;
            mean2[i] = cumWeighted / cum;
        }
        int best = 0;
        double bestVariance = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n - 1; k++) {
            double d = mean1[k] - mean2[k + 1];
            double variance = weight1[k] * weight2[k + 1] * d * d;
            // NaN (an empty class) never wins, and the first maximum does, as numpy's argmax
            if (variance > bestVariance) {
                bestVariance = variance;
                best = k;
            }
        }
        return x[best];
    }

    /** The threshold of the tensor's values with 256 bins. */
    public static double threshold(Tensor image) {
        return threshold(image.toDoubleArray(), 256);
    }

    /** {@code image > threshold(image)}, a bool tensor of the image's shape. */
    public static Tensor mask(Tensor image) {
        return image.gt(threshold(image));
    }
}
