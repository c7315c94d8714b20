package dev.claritas.mri.n4;

/**
 * N4's default mask, as SimpleITK's N4 example makes it: {@code OtsuThreshold(image, 0, 1, 200)}, Otsu's
 * threshold of all voxels, the zero background included, over a 200-bin histogram, and the voxels above it.
 * The background is what Otsu's method separates the head from; leaving it out (as we first did) puts the
 * threshold between grey and white matter instead (84 rather than 47 on the shipped T1 scan), and N4 then never
 * sees grey matter or CSF. ITK's threshold is the upper edge of the winning bin, not its centre, so a voxel equal
 * to the centre value is outside. Non-positive voxels are never inside, since N4 takes logarithms.
 */
final class OtsuMask {

    /** SimpleITK's N4 example passes 200 bins to {@code OtsuThreshold}. */
    static final int BINS = 200;

    private OtsuMask() {}

    /** Positive voxels above the threshold; all positive voxels when the finite voxels are all equal. */
    static boolean[] of(float[] image) {
        double threshold = threshold(image);
        boolean[] mask = new boolean[image.length];
        for (int i = 0; i < image.length; i++) {
            mask[i] = image[i] > 0 && image[i] > threshold;
        }
        return mask;
    }

    /** ITK's Otsu threshold of the finite voxels, the upper edge of the winning bin; −∞ if they are all equal. */
    static double threshold(float[] image) {
        int count = 0;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float v : image) {
            if (Float.isFinite(v)) {
                count++;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min)) {
            return Double.NEGATIVE_INFINITY; // no voxel or a constant image: keep every positive voxel
        }
        double[] values = new double[count];
        int j = 0;
        for (float v : image) {
            if (Float.isFinite(v)) {
                values[j++] = v;
            }
        }
        // The same histogram (BINS equal bins over [min, max]) and criterion as scikit-image, which returns the
        // winning bin's centre; ITK returns its upper edge, half a bin higher.
        double centre = dev.claritas.mri.preprocess.OtsuMask.threshold(values, BINS);
        return centre + (max - min) / (2.0 * BINS);
    }
}
