package dev.claritas.mri.metrics;

/**
 * The images and masks of {@code tools/metrics_reference.py}, built with the same integer recipes so that the
 * Java tests and numpy/scikit-image see bit-identical float32 values. Layout x fastest, as NIfTI.
 */
final class MetricFixtures {

    private MetricFixtures() {}

    /** The script's lcg: integers in [0, 1000) from a 31-bit linear congruential generator. */
    static int[] lcg(int n, long seed) {
        int[] out = new int[n];
        long s = seed;
        for (int i = 0; i < n; i++) {
            s = (s * 1103515245L + 12345) % (1L << 31);
            out[i] = (int) ((s >> 7) % 1000);
        }
        return out;
    }

    /** The script's ground_truth: a ramp plus texture, exact in float32. */
    static float[] groundTruth(int nx, int ny, int nz, long seed) {
        int[] texture = lcg(nx * ny * nz, seed);
        float[] gt = new float[texture.length];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    gt[i] = (float) ((3 * x + 2 * y + 5 * z) % 97 + texture[i] / 8.0);
                }
            }
        }
        return gt;
    }

    /** The script's prediction: noise in [-50, 50) added in double, rounded to float32. */
    static float[] prediction(float[] gt, long seed) {
        int[] noise = lcg(gt.length, seed);
        float[] pred = new float[gt.length];
        for (int i = 0; i < gt.length; i++) {
            pred[i] = (float) (gt[i] + (noise[i] / 10.0 - 50.0));
        }
        return pred;
    }

    /** The script's ellipse: centred in each slice, semi-axes sqrt((16 − shrink·z) / 25) of the half-sizes. */
    static boolean[] ellipse(int nx, int ny, int nz, int shrinkPerSlice) {
        boolean[] mask = new boolean[nx * ny * nz];
        long nx2 = (long) nx * nx, ny2 = (long) ny * ny;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    long dx = 2L * x + 1 - nx, dy = 2L * y + 1 - ny;
                    long lhs = 25 * (dx * dx * ny2 + dy * dy * nx2);
                    mask[x + nx * (y + ny * z)] = lhs <= (16L - shrinkPerSlice * z) * nx2 * ny2;
                }
            }
        }
        return mask;
    }

    /** Voxels of {@code mask} with 2x < nx ({@code left = true}) or 2x ≥ nx ({@code left = false}). */
    static boolean[] half(boolean[] mask, int nx, boolean left) {
        boolean[] out = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = mask[i] && (2 * (i % nx) < nx) == left;
        }
        return out;
    }

    /** The complement of a mask. */
    static boolean[] not(boolean[] mask) {
        boolean[] out = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = !mask[i];
        }
        return out;
    }
}
