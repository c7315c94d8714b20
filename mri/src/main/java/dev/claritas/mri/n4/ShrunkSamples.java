package dev.claritas.mri.n4;

/**
 * The points N4 fits on: the masked voxels of the image subsampled by an integer factor, as SimpleITK's N4
 * example runs the filter on {@code ShrinkImageFilter}'s output. Like that filter, it keeps ⌊n / s⌋ voxels per
 * axis, one of each s-voxel block rather than the block's mean (averaging mixes grey and white matter into
 * partial-volume values, which flattens the very histogram peaks N4 sharpens), and centres the kept grid in the
 * image: the shrunk grid starts at the continuous index c = ((n − 1) − (⌊n / s⌋ − 1)·s) / 2 and each sample is
 * the voxel nearest its centre, index k·s + round(c) with halves rounded up.
 *
 * <p>The B-spline is fitted over the shrunk grid as its own domain, sample k of m at the parametric coordinate
 * k / (m − 1), and later evaluated over the full grid with voxel v of n at v / (n − 1). That maps the shrunk
 * grid's first and last samples onto the image's first and last voxels, a stretch that moves the field by up to
 * c voxels at the borders (1.5 to 3 voxels for s = 4). It is exactly what ITK does
 * when N4 runs on the shrunk image and the field is then rebuilt on the full image
 * ({@code BSplineControlPointImageFilter} maps a lattice onto whatever grid it is given), and we keep it so our
 * field matches ITK's voxel for voxel; for the smooth fields N4 estimates the shift is immaterial.
 *
 * @param intensities the kept voxels' values
 * @param points      their parametric coordinates {t0x, t0y, t0z, t1x, …}, each in [0, 1]
 * @param sizes       the shrunk grid's size per axis; an axis of size 1 carries no information along it
 */
record ShrunkSamples(double[] intensities, double[] points, int[] sizes) {

    /**
     * @param image  voxel values, x fastest
     * @param shape  nx, ny, nz
     * @param mask   voxels that may be kept; all of them must be positive (N4 works on logarithms)
     * @param factor shrink factor, applied along every axis (an axis shorter than it keeps one voxel)
     */
    static ShrunkSamples of(float[] image, int[] shape, boolean[] mask, int factor) {
        int nx = shape[0], ny = shape[1];
        int[][] kept = new int[3][];
        double[][] coordinate = new double[3][];
        int[] sizes = new int[3];
        for (int d = 0; d < 3; d++) {
            int n = shape[d], f = Math.min(factor, n), m = n / f;
            double start = ((n - 1) - (m - 1) * (double) f) / 2;
            int offset = (int) Math.floor(start + 0.5);
            sizes[d] = m;
            kept[d] = new int[m];
            coordinate[d] = new double[m];
            for (int k = 0; k < m; k++) {
                kept[d][k] = k * f + offset;
                coordinate[d][k] = m == 1 ? 0 : k / (m - 1.0);
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
        for (int kz = 0; kz < sizes[2]; kz++) {
            for (int ky = 0; ky < sizes[1]; ky++) {
                for (int kx = 0; kx < sizes[0]; kx++) {
                    int i = kept[0][kx] + nx * (kept[1][ky] + ny * kept[2][kz]);
                    if (mask[i]) {
                        intensities[s] = image[i];
                        points[3 * s] = coordinate[0][kx];
                        points[3 * s + 1] = coordinate[1][ky];
                        points[3 * s + 2] = coordinate[2][kz];
                        s++;
                    }
                }
            }
        }
        return new ShrunkSamples(intensities, points, sizes);
    }

    int size() {
        return intensities.length;
    }
}
