package dev.claritas.mri.metrics;

import java.util.Arrays;

/**
 * The two SSIM definitions in use, each equal to one call of scikit-image 0.19's
 * {@code structural_similarity(gt, pred, data_range=R, ...)}. Both use K1 = 0.01 and K2 = 0.03 and average the SSIM
 * map over the pixels whose whole window lies inside the image (scikit-image crops the window radius from every
 * edge), so no border rule enters the result.
 */
public enum SsimVariant {

    /**
     * fastMRI's ({@code fastmri/evaluate.py} calls scikit-image with its defaults): a uniform 7×7 window and sample
     * covariance, i.e. (co)variances scaled by 49/48.
     */
    FASTMRI(uniformWeights(7), true),

    /**
     * Wang et al. 2004: a Gaussian window with σ = 1.5 truncated at 3.5σ, i.e. 11×11 (radius
     * {@code int(3.5 * 1.5 + 0.5)} = 5, as scipy's {@code gaussian_filter}), and population covariance. This is
     * {@code structural_similarity(..., gaussian_weights=True, sigma=1.5, use_sample_covariance=False)}. Note that
     * scikit-image keeps {@code use_sample_covariance=True} unless told otherwise, even with
     * {@code gaussian_weights=True}; that gives a different number (covariances scaled by 121/120) which is not
     * Wang's.
     */
    GAUSSIAN(gaussianWeights(1.5, 3.5), false);

    private final double[] weights;
    private final boolean sampleCovariance;

    SsimVariant(double[] weights, boolean sampleCovariance) {
        this.weights = weights;
        this.sampleCovariance = sampleCovariance;
    }

    /** Side of the square window in pixels. */
    public int windowSize() {
        return weights.length;
    }

    /** Pixels between the window's centre and its edge; the SSIM map skips this many at every image border. */
    public int radius() {
        return weights.length / 2;
    }

    /** The 1-D window weights, summing to 1; the 2-D window is their outer product. */
    double[] weights() {
        return weights.clone();
    }

    /**
     * The factor turning weighted second moments into (co)variances: N/(N − 1) for sample covariance over the N
     * pixels of the window, as scikit-image computes it, else 1.
     */
    double covarianceNorm() {
        if (!sampleCovariance) {
            return 1;
        }
        double n = windowSize() * windowSize();
        return n / (n - 1);
    }

    private static double[] uniformWeights(int size) {
        double[] w = new double[size];
        Arrays.fill(w, 1.0 / size);
        return w;
    }

    /** scipy's {@code _gaussian_kernel1d}: exp(−x²/2σ²) for |x| ≤ int(truncate·σ + 0.5), normalised to sum 1. */
    private static double[] gaussianWeights(double sigma, double truncate) {
        int radius = (int) (truncate * sigma + 0.5);
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            int x = i - radius;
            w[i] = Math.exp(-0.5 / (sigma * sigma) * x * x);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }
}
