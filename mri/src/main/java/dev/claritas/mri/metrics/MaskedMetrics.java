package dev.claritas.mri.metrics;

/**
 * {@link ImageMetrics}' full-reference metrics restricted to a foreground mask, e.g. the brain, so that empty
 * background does not flatter the score. A mask is a {@code boolean[]} in the images' layout (x fastest); the
 * voxels where it is {@code true} are the foreground.
 *
 * <p>Definitions, with F the foreground voxels and R a data range (by default max(gt) over the <em>whole</em>
 * image, as fastMRI takes it, so that masked and unmasked PSNR and SSIM share their constants):
 * <ul>
 *   <li>MSE = mean over F of (gt − pred)²;
 *   <li>NMSE = Σ_F (gt − pred)² / Σ_F gt²;
 *   <li>PSNR = 10·log10(R² / MSE over F), i.e. scikit-image's {@code peak_signal_noise_ratio(gt[F], pred[F],
 *       data_range=R)};
 *   <li>SSIM = the mean of the SSIM map over the voxels of F whose window lies wholly inside their slice, pooled
 *       over all slices: for each z slice the map is scikit-image's {@code structural_similarity(..., full=True)}
 *       cropped by the window radius (the pixels its own mean is taken over), and the result is Σ map / count
 *       over the foreground voxels of all the cropped slices. Foreground voxels nearer an edge than the window
 *       radius are left out, so no border rule enters; with a mask that is all true it equals
 *       {@link ImageMetrics#ssimVolume}.
 * </ul>
 */
public final class MaskedMetrics {

    private MaskedMetrics() {}

    /** Number of foreground voxels. */
    public static long count(boolean[] mask) {
        long count = 0;
        for (boolean m : mask) {
            if (m) {
                count++;
            }
        }
        return count;
    }

    /** Mean squared error over the foreground. */
    public static double mse(float[] gt, float[] pred, boolean[] mask) {
        long count = checkMask(gt, pred, mask);
        double sum = 0;
        for (int i = 0; i < gt.length; i++) {
            if (mask[i]) {
                double diff = (double) gt[i] - pred[i];
                sum += diff * diff;
            }
        }
        return sum / count;
    }

    /** Normalised MSE over the foreground, Σ_F (gt − pred)² / Σ_F gt². */
    public static double nmse(float[] gt, float[] pred, boolean[] mask) {
        checkMask(gt, pred, mask);
        double error = 0;
        double energy = 0;
        for (int i = 0; i < gt.length; i++) {
            if (mask[i]) {
                double diff = (double) gt[i] - pred[i];
                error += diff * diff;
                energy += (double) gt[i] * gt[i];
            }
        }
        return error / energy;
    }

    /** PSNR in dB over the foreground, 10·log10(dataRange² / masked MSE). */
    public static double psnr(float[] gt, float[] pred, boolean[] mask, double dataRange) {
        return 10 * Math.log10(dataRange * dataRange / mse(gt, pred, mask));
    }

    /** PSNR over the foreground with the data range max(gt) over the whole image. */
    public static double psnr(float[] gt, float[] pred, boolean[] mask) {
        return psnr(gt, pred, mask, ImageMetrics.max(gt));
    }

    /**
     * SSIM of a volume averaged over the foreground voxels whose window lies inside their slice, pooled over the
     * slices (see the class comment).
     *
     * @throws IllegalArgumentException if no foreground voxel is at least the window radius from the edges of
     *                                  its slice, or a slice is smaller than the window
     */
    public static double ssimVolume(float[] gt, float[] pred, boolean[] mask, int nx, int ny, int nz,
            double dataRange, SsimVariant variant) {
        ImageMetrics.checkVolume(gt, pred, nx, ny, nz);
        checkMask(gt, pred, mask);
        int sliceSize = nx * ny;
        double sum = 0;
        long count = 0;
        for (int z = 0; z < nz; z++) {
            SsimMap map = null; // computed only for slices with foreground: masks often cover a few slices
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    if (!mask[z * sliceSize + y * nx + x]) {
                        continue;
                    }
                    if (map == null) {
                        map = SsimMap.of(gt, pred, z * sliceSize, nx, ny, dataRange, variant);
                    }
                    if (map.covers(x, y)) {
                        sum += map.at(x, y);
                        count++;
                    }
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("masked SSIM: no mask voxel is at least " + variant.radius()
                    + " voxels from the edges of its slice");
        }
        return sum / count;
    }

    /**
     * Masked volume SSIM with fastMRI's variant and the data range max(gt) over the whole volume, as
     * {@link ImageMetrics#ssimVolume(float[], float[], int, int, int)} takes it.
     */
    public static double ssimVolume(float[] gt, float[] pred, boolean[] mask, int nx, int ny, int nz) {
        return ssimVolume(gt, pred, mask, nx, ny, nz, ImageMetrics.max(gt), SsimVariant.FASTMRI);
    }

    /** Checks the mask against the images and returns its foreground count, which must not be 0. */
    private static long checkMask(float[] gt, float[] pred, boolean[] mask) {
        ImageMetrics.checkSameLength(gt, pred);
        if (mask.length != gt.length) {
            throw new IllegalArgumentException("mask has " + mask.length + " voxels, images " + gt.length);
        }
        long count = count(mask);
        if (count == 0) {
            throw new IllegalArgumentException("the mask selects no voxels");
        }
        return count;
    }
}
