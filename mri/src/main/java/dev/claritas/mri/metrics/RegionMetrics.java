package dev.claritas.mri.metrics;

/**
 * Quality measures of a single image from the statistics of regions of it, with no reference image: SNR, CNR
 * and CJV. Regions are {@code boolean[]} masks in the image's layout; they may overlap.
 *
 * <p>μ and σ are a region's mean and standard deviation, σ with divisor n (numpy's {@code std}, ddof 0), so the
 * numbers equal those of the numpy expressions quoted below.
 */
public final class RegionMetrics {

    private RegionMetrics() {}

    /**
     * The two-region SNR: mean of the foreground over the standard deviation of the background,
     * {@code image[fg].mean() / image[bg].std()}. No Rayleigh correction is applied: in a magnitude image the
     * background follows a Rayleigh distribution, whose standard deviation is about 0.655 times the noise σ of
     * the underlying complex data (sqrt(2 − π/2)), so multiplying the result by 0.655 estimates the SNR relative
     * to that σ (Henkelman 1985; NEMA MS 1).
     */
    public static double snr(float[] image, boolean[] foreground, boolean[] background) {
        return Stats.of(image, foreground, "foreground").mean() / Stats.of(image, background, "background").std();
    }

    /**
     * Contrast-to-noise ratio between two tissues, |μ1 − μ2| / sqrt(σ1² + σ2²):
     * {@code abs(a.mean() - b.mean()) / sqrt(a.var() + b.var())} for {@code a = image[tissue1]}, {@code b =
     * image[tissue2]}.
     */
    public static double cnr(float[] image, boolean[] tissue1, boolean[] tissue2) {
        Stats a = Stats.of(image, tissue1, "tissue 1");
        Stats b = Stats.of(image, tissue2, "tissue 2");
        return Math.abs(a.mean() - b.mean()) / Math.sqrt(a.std() * a.std() + b.std() * b.std());
    }

    /**
     * Coefficient of joint variation between two tissues, (σ1 + σ2) / |μ1 − μ2|, the measure used to evaluate
     * bias-field correction (N4) on white and grey matter, as MRIQC computes it: {@code (a.std() + b.std()) /
     * abs(a.mean() - b.mean())}. Lower is better.
     */
    public static double cjv(float[] image, boolean[] tissue1, boolean[] tissue2) {
        Stats a = Stats.of(image, tissue1, "tissue 1");
        Stats b = Stats.of(image, tissue2, "tissue 2");
        return (a.std() + b.std()) / Math.abs(a.mean() - b.mean());
    }

    /** Mean and population standard deviation of the voxels of one region. */
    private record Stats(double mean, double std) {

        /** Two passes, mean then squared deviations, as numpy does: one pass would cancel for bright regions. */
        static Stats of(float[] image, boolean[] region, String name) {
            if (region.length != image.length) {
                throw new IllegalArgumentException(name + " mask has " + region.length + " voxels, the image "
                        + image.length);
            }
            double sum = 0;
            long count = 0;
            for (int i = 0; i < image.length; i++) {
                if (region[i]) {
                    sum += image[i];
                    count++;
                }
            }
            if (count == 0) {
                throw new IllegalArgumentException(name + " mask selects no voxels");
            }
            double mean = sum / count;
            double squares = 0;
            for (int i = 0; i < image.length; i++) {
                if (region[i]) {
                    double d = image[i] - mean;
                    squares += d * d;
                }
            }
            return new Stats(mean, Math.sqrt(squares / count));
        }
    }
}
