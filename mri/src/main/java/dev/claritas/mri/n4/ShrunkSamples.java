package dev.claritas.mri.n4;

/**
 * The points N4 fits on: the masked voxels of the image subsampled by an integer factor, as ITK's N4 examples
 * run the filter on {@code ShrinkImageFilter}'s output. Like that filter, it keeps one voxel of each s×s×s
 * block, the one at offset ⌊(s − 1)/2⌋ within it, rather than the block's mean: averaging mixes grey and white
 * matter into partial-volume values, which flattens the very histogram peaks N4 sharpens (tried: with 4×4×4
 * means N4 made the white/grey CJV of the test scan worse). Samples keep their full-resolution voxel indices,
 * so the fitted field lines up with the full-resolution grid.
 *
 * @param intensities the kept voxels' values
 * @param points      their coordinates {x0, y0, z0, x1, …} in full-resolution voxel indices
 */
record ShrunkSamples(double[] intensities, double[] points) {

    /**
     * @param image  voxel values, x fastest
     * @param shape  nx, ny, nz
     * @param mask   voxels that may be kept; all of them must be positive (N4 works on logarithms)
     * @param factor shrink factor, applied along every axis (an axis shorter than it keeps one voxel)
     */
    static ShrunkSamples of(float[] image, int[] shape, boolean[] mask, int factor) {
        int nx = shape[0], ny = shape[1];
        int[][] kept = new int[3][];
        for (int d = 0; d < 3; d++) {
            int n = shape[d], f = Math.min(factor, n);
            kept[d] = new int[n / f];
            for (int k = 0; k < kept[d].length; k++) {
                kept[d][k] = k * f + (f - 1) / 2;
            }
        }
        int samples = 0;
        for (int z : kept[2]) {
            for (int y : kept[1]) {
                for (int x : kept[0]) {
                    samples += mask[x + nx * (y + ny * z)] ? 1 : 0;
                }
            }
        }
        double[] intensities = new double[samples], points = new double[3 * samples];
        int s = 0;
        for (int z : kept[2]) {
            for (int y : kept[1]) {
                for (int x : kept[0]) {
                    int i = x + nx * (y + ny * z);
                    if (mask[i]) {
                        intensities[s] = image[i];
                        points[3 * s] = x;
                        points[3 * s + 1] = y;
                        points[3 * s + 2] = z;
                        s++;
                    }
                }
            }
        }
        return new ShrunkSamples(intensities, points);
    }

    int size() {
        return intensities.length;
    }
}
