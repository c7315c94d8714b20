package dev.claritas.mri.n4;

/**
 * N4's default mask: the voxels above Otsu's threshold (Otsu 1979, the threshold maximising the between-class
 * variance of a 256-bin histogram of the positive voxels), the head-versus-background split that ITK's N4
 * examples obtain with {@code OtsuThresholdImageFilter}. Non-positive voxels are never inside, since N4 takes
 * logarithms.
 */
public final class OtsuMask {

    private static final int BINS = 256;

    private OtsuMask() {}

    /** Voxels brighter than Otsu's threshold of the positive voxels; all positive voxels if they are all equal. */
    public static boolean[] of(float[] image) {
        double threshold = threshold(image);
        boolean[] mask = new boolean[image.length];
        for (int i = 0; i < image.length; i++) {
            mask[i] = image[i] > 0 && image[i] > threshold;
        }
        return mask;
    }

    /** Otsu's threshold of the positive, finite voxels: the upper edge of the last bin of the darker class. */
    static double threshold(float[] image) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float v : image) {
            if (v > 0 && Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min)) {
            return 0;
        }
        double width = (max - min) / BINS;
        long[] hist = new long[BINS];
        long total = 0;
        double totalSum = 0;
        for (float v : image) {
            if (v > 0 && Float.isFinite(v)) {
                int b = Math.min((int) ((v - min) / width), BINS - 1);
                hist[b]++;
                total++;
                totalSum += b;
            }
        }
        long below = 0;
        double belowSum = 0, best = -1;
        int bestBin = 0;
        for (int t = 0; t < BINS - 1; t++) {
            below += hist[t];
            belowSum += (double) t * hist[t];
            long above = total - below;
            if (below == 0 || above == 0) {
                continue;
            }
            double diff = belowSum / below - (totalSum - belowSum) / above;
            double between = (double) below * above * diff * diff;
            if (between > best) {
                best = between;
                bestBin = t;
            }
        }
        return min + (bestBin + 1) * width;
    }
}
