package dev.claritas.mri.metrics;

/**
 * Image-quality metrics as the fastMRI challenge defines them ({@code fastmri/evaluate.py}), on flat float
 * arrays with double accumulation. Ground truth comes first, prediction second, as there.
 *
 * <p>Volumes are in NIfTI order, x fastest: voxel (x, y, z) is {@code v[x + nx * (y + ny * z)]}, and a
 * "slice" is one z plane of nx × ny values.
 */
public final class ImageMetrics {

    /** SSIM window side, as in fastMRI (scikit-image's default for uniform windows). */
    public static final int SSIM_WINDOW = 7;
    private static final double SSIM_K1 = 0.01;
    private static final double SSIM_K2 = 0.03;

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
     * Structural similarity of two 2-D images, equal to scikit-image's
     * {@code structural_similarity(gt, pred, data_range=dataRange)} with its defaults: a uniform 7×7 window,
     * K1 = 0.01, K2 = 0.03 and sample covariance. Like scikit-image, the mean is taken over the pixels at least
     * 3 from every edge, whose windows lie wholly inside the image, so no border rule is involved.
     *
     * @param gt        ground truth, {@code width * height} values, row by row
     * @param pred      prediction, same layout
     * @param dataRange the range the values can span, usually max(gt) − 0
     * @throws IllegalArgumentException if either side is smaller than the 7-pixel window
     */
    public static double ssim(float[] gt, float[] pred, int width, int height, double dataRange) {
        checkSameLength(gt, pred);
        if (gt.length != (long) width * height) {
            throw new IllegalArgumentException(width + "×" + height + " image needs " + (long) width * height
                    + " values, got " + gt.length);
        }
        return ssimSlice(gt, pred, 0, width, height, dataRange);
    }

    /**
     * Volume SSIM as fastMRI computes it: the mean over z slices of 2-D {@link #ssim SSIM}, every slice using
     * the same data range.
     */
    public static double ssimVolume(float[] gt, float[] pred, int nx, int ny, int nz, double dataRange) {
        checkSameLength(gt, pred);
        long sliceSize = (long) nx * ny;
        if (gt.length != sliceSize * nz) {
            throw new IllegalArgumentException(nx + "×" + ny + "×" + nz + " volume needs " + sliceSize * nz
                    + " values, got " + gt.length);
        }
        double sum = 0;
        for (int z = 0; z < nz; z++) {
            sum += ssimSlice(gt, pred, (int) (z * sliceSize), nx, ny, dataRange);
        }
        return sum / nz;
    }

    /** Volume SSIM with the data range max(gt) over the whole volume, as fastMRI's {@code ssim}. */
    public static double ssimVolume(float[] gt, float[] pred, int nx, int ny, int nz) {
        return ssimVolume(gt, pred, nx, ny, nz, max(gt));
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

    /**
     * Mean SSIM over the interior of one slice starting at {@code offset}. Window sums are formed separably,
     * 7 values along x and then 7 row sums along y, which is exact enough in double and avoids the cancellation
     * of running or summed-area tables.
     */
    private static double ssimSlice(float[] gt, float[] pred, int offset, int width, int height, double dataRange) {
        if (width < SSIM_WINDOW || height < SSIM_WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + SSIM_WINDOW + "×" + SSIM_WINDOW
                    + ", got " + width + "×" + height);
        }
        int outWidth = width - SSIM_WINDOW + 1;
        int outHeight = height - SSIM_WINDOW + 1;
        // Row sums over 7 consecutive x, for each of the five moments, indexed [y][window start x].
        double[][] rowX = new double[height][outWidth];
        double[][] rowY = new double[height][outWidth];
        double[][] rowXX = new double[height][outWidth];
        double[][] rowYY = new double[height][outWidth];
        double[][] rowXY = new double[height][outWidth];
        for (int y = 0; y < height; y++) {
            int rowStart = offset + y * width;
            for (int x0 = 0; x0 < outWidth; x0++) {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int k = 0; k < SSIM_WINDOW; k++) {
                    double a = gt[rowStart + x0 + k];
                    double b = pred[rowStart + x0 + k];
                    sx += a;
                    sy += b;
                    sxx += a * a;
                    syy += b * b;
                    sxy += a * b;
                }
                rowX[y][x0] = sx;
                rowY[y][x0] = sy;
                rowXX[y][x0] = sxx;
                rowYY[y][x0] = syy;
                rowXY[y][x0] = sxy;
            }
        }

        double windowSize = SSIM_WINDOW * SSIM_WINDOW;
        double covarianceNorm = windowSize / (windowSize - 1); // sample covariance, as scikit-image's default
        double c1 = square(SSIM_K1 * dataRange);
        double c2 = square(SSIM_K2 * dataRange);
        double total = 0;
        for (int y0 = 0; y0 < outHeight; y0++) {
            for (int x0 = 0; x0 < outWidth; x0++) {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int k = 0; k < SSIM_WINDOW; k++) {
                    sx += rowX[y0 + k][x0];
                    sy += rowY[y0 + k][x0];
                    sxx += rowXX[y0 + k][x0];
                    syy += rowYY[y0 + k][x0];
                    sxy += rowXY[y0 + k][x0];
                }
                double ux = sx / windowSize;
                double uy = sy / windowSize;
                double vx = covarianceNorm * (sxx / windowSize - ux * ux);
                double vy = covarianceNorm * (syy / windowSize - uy * uy);
                double vxy = covarianceNorm * (sxy / windowSize - ux * uy);
                total += (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
            }
        }
        return total / ((double) outWidth * outHeight);
    }

    private static double square(double v) {
        return v * v;
    }

    private static void checkSameLength(float[] gt, float[] pred) {
        if (gt.length != pred.length) {
            throw new IllegalArgumentException("ground truth has " + gt.length + " values, prediction "
                    + pred.length);
        }
        if (gt.length == 0) {
            throw new IllegalArgumentException("no values to compare");
        }
    }
}
