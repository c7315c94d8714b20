package dev.claritas.mri.n4;

/**
 * N4's default mask: the positive voxels above Otsu's threshold of the positive voxels (the
 * head-versus-background split ITK's N4 examples obtain with {@code OtsuThresholdImageFilter}),
 * using {@link dev.claritas.mri.preprocess.OtsuMask}'s threshold. Non-positive voxels are never
 * inside, since N4 takes logarithms.
 */
final class OtsuMask {
    private static final int BINS = 256;

    private OtsuMask() {}

    /** Voxels brighter than Otsu's threshold of the positive voxels; all positive voxels if they are all equal. */
    static boolean[] of(float[] image) {
        double threshold = threshold(image);
        boolean[] mask = new boolean[image.length];
        for (int i = 0; i < image.length; i++) {
            mask[i] = image[i] > 0 && image[i] > threshold;
        }
        return mask;
    }

    private static double threshold(float[] image) {
        int count = 0;
        for (float v : image) {
            if (v > 0 && Float.isFinite(v)) {
                count++;
            }
        }
        double[] positive = new double[count];
        int j = 0;
        for (float v : image) {
            if (v > 0 && Float.isFinite(v)) {
                positive[j++] = v;
            }
        }
        if (count == 0) {
            return 0;
        }
        double t = dev.claritas.mri.preprocess.OtsuMask.threshold(positive, BINS);
        // a constant image's threshold is its value, which would leave no voxel: use them all
        return t >= java.util.Arrays.stream(positive).max().getAsDouble() ? 0 : t;
    }
}
