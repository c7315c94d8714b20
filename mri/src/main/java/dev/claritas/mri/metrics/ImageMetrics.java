package dev.claritas.mri.metrics;

/**
 * Image-quality metrics as the fastMRI challenge defines them ({@code fastmri/evaluate.py}), on flat float
 * arrays with double accumulation. Ground truth comes first, prediction second, as there.
 *
 * <p>Volumes are in NIfTI order, x fastest: voxel (x, y, z) is {@code v[x + nx * (y + ny * z)]}, and a
 * "slice" is one z plane of nx × ny values.
 *
 * <p>SSIM comes in fastMRI's variant (the default) and Wang's Gaussian-window one, see {@link SsimVariant}. The
 * same metrics restricted to a foreground mask are in {@link MaskedMetrics}; SNR, CNR and CJV, which need no
 * reference image, in {@link RegionMetrics}.
 */
public final class ImageMetrics {

    private ImageMetrics() {}

    /** Mean squared error, mean((gt − pred)²). */
    public static double mse(float[] gt, float[] pred) {
        checkSameLength(gt, pred);
        double sum = 0;
        for (int i = 0; i < gt.length; i++) {
            double diff = (double) gt[i] - pred[i];
            sum += diff * diff;
        }
        return sum / gt.length;
    }

    /** Mean absolute error, mean(|gt − pred|). */
    public static double mae(float[] gt, float[] pred) {
        checkSameLength(gt, pred);
        double sum = 0;
        for (int i = 0; i < gt.length; i++) {
            sum += Math.abs((double) gt[i] - pred[i]);
        }
        return sum / gt.length;
    }

    /** Normalised MSE, ‖gt − pred‖² / ‖gt‖²; infinite or NaN when gt is all zeros. */
    public static double nmse(float[] gt, float[] pred) {
        checkSameLength(gt, pred);
        double error = 0;
        double energy = 0;
        for (int i = 0; i < gt.length; i++) {
            double diff = (double) gt[i] - pred[i];
            error += diff * diff;
            energy += (double) gt[i] * gt[i];
        }
        return error / energy;
    }

    /** Peak signal-to-noise ratio in dB, 10·log10(dataRange² / mse); infinite when the images are equal. */
    public static double psnr(float[] gt, float[] pred, double dataRange) {
        return 10 * Math.log10(dataRange * dataRange / mse(gt, pred));
    }

    /** PSNR with the data range taken as max(gt) over the whole array, as fastMRI does per volume. */
    public static double psnr(float[] gt, float[] pred) {
        return psnr(gt, pred, max(gt));
    }

    /**
     * Structural similarity of two 2-D images as fastMRI evaluates it: {@link SsimVariant#FASTMRI}, equal to
     * scikit-image's {@code structural_similarity(gt, pred, data_range=dataRange)} with its defaults (uniform 7×7
     * window, K1 = 0.01, K2 = 0.03, sample covariance).
     *
     * @param gt        ground truth, {@code width * height} values, row by row
     * @param pred      prediction, same layout
     * @param dataRange the range the values can span, usually max(gt) − 0
     * @throws IllegalArgumentException if either side is smaller than the 7-pixel window
     */
    public static double ssim(float[] gt, float[] pred, int width, int height, double dataRange) {
        return ssim(gt, pred, width, height, dataRange, SsimVariant.FASTMRI);
    }

    /**
     * Structural similarity of two 2-D images with the given window and covariance, equal to scikit-image's
     * {@code structural_similarity} as {@link SsimVariant} describes: the mean of the SSIM map over the pixels at
     * least the window radius from every edge, whose windows lie wholly inside the image.
     *
     * @throws IllegalArgumentException if either side is smaller than the window
     */
    public static double ssim(float[] gt, float[] pred, int width, int height, double dataRange, SsimVariant variant) {
        checkSameLength(gt, pred);
        if (gt.length != (long) width * height) {
            throw new IllegalArgumentException(width + "×" + height + " image needs " + (long) width * height
                    + " values, got " + gt.length);
        }
        return SsimMap.of(gt, pred, 0, width, height, dataRange, variant).mean();
    }

    /**
     * Volume SSIM as fastMRI computes it: the mean over z slices of 2-D {@link #ssim SSIM}, every slice using
     * the same data range.
     */
    public static double ssimVolume(float[] gt, float[] pred, int nx, int ny, int nz, double dataRange) {
        return ssimVolume(gt, pred, nx, ny, nz, dataRange, SsimVariant.FASTMRI);
    }

    /** Volume SSIM with the data range max(gt) over the whole volume, as fastMRI's {@code ssim}. */
    public static double ssimVolume(float[] gt, float[] pred, int nx, int ny, int nz) {
        return ssimVolume(gt, pred, nx, ny, nz, max(gt));
    }

    /** The mean over z slices of 2-D SSIM of the given variant, every slice using the same data range. */
    public static double ssimVolume(float[] gt, float[] pred, int nx, int ny, int nz, double dataRange,
            SsimVariant variant) {
        checkVolume(gt, pred, nx, ny, nz);
        int sliceSize = nx * ny;
        double sum = 0;
        for (int z = 0; z < nz; z++) {
            sum += SsimMap.of(gt, pred, z * sliceSize, nx, ny, dataRange, variant).mean();
        }
        return sum / nz;
    }

    /** The largest value; fastMRI's data range, since MRI magnitudes start at 0. */
    public static double max(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("max of no values");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** Checks that both arrays hold an nx × ny × nz volume. */
    static void checkVolume(float[] gt, float[] pred, int nx, int ny, int nz) {
        checkSameLength(gt, pred);
        if (gt.length != (long) nx * ny * nz) {
            throw new IllegalArgumentException(nx + "×" + ny + "×" + nz + " volume needs " + (long) nx * ny * nz
                    + " values, got " + gt.length);
        }
    }

    static void checkSameLength(float[] gt, float[] pred) {
        if (gt.length != pred.length) {
            throw new IllegalArgumentException("ground truth has " + gt.length + " values, prediction "
                    + pred.length);
        }
        if (gt.length == 0) {
            throw new IllegalArgumentException("no values to compare");
        }
    }
}
