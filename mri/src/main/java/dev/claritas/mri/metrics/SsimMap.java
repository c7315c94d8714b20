package dev.claritas.mri.metrics;

/**
 * The SSIM map of one 2-D slice at the pixels whose window lies wholly inside the slice: what scikit-image's
 * {@code structural_similarity(..., full=True)} returns, cropped by the window radius as its mean is.
 *
 * <p>The map covers x in [r, width − r) and y in [r, height − r) for radius r; {@link #at} takes the slice's own
 * coordinates.
 */
final class SsimMap {

    private static final double K1 = 0.01;
    private static final double K2 = 0.03;

    private final double[] values;
    private final int radius;
    private final int mapWidth;
    private final int mapHeight;

    private SsimMap(double[] values, int radius, int mapWidth, int mapHeight) {
        this.values = values;
        this.radius = radius;
        this.mapWidth = mapWidth;
        this.mapHeight = mapHeight;
    }

    /**
     * Computes the map of the slice of {@code width × height} values starting at {@code offset}, x fastest.
     * Weighted window moments are formed separably, along x and then along y, in double; that is exact enough for
     * E[x²] − E[x]² and avoids the cancellation of running sums or summed-area tables.
     *
     * @throws IllegalArgumentException if the slice is smaller than the window
     */
    static SsimMap of(float[] gt, float[] pred, int offset, int width, int height, double dataRange,
            SsimVariant variant) {
        int size = variant.windowSize();
        if (width < size || height < size) {
            throw new IllegalArgumentException("SSIM with a " + size + "×" + size + " window needs images of at least "
                    + size + "×" + size + ", got " + width + "×" + height);
        }
        double[] w = variant.weights();
        int outWidth = width - size + 1;
        int outHeight = height - size + 1;
        // Moments filtered along x, indexed [y * outWidth + window start x]: E[a], E[b], E[a²], E[b²], E[ab].
        int rowCells = height * outWidth;
        double[] ma = new double[rowCells], mb = new double[rowCells];
        double[] maa = new double[rowCells], mbb = new double[rowCells], mab = new double[rowCells];
        for (int y = 0; y < height; y++) {
            int rowStart = offset + y * width;
            for (int x0 = 0; x0 < outWidth; x0++) {
                double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                for (int k = 0; k < size; k++) {
                    double a = gt[rowStart + x0 + k];
                    double b = pred[rowStart + x0 + k];
                    sa += w[k] * a;
                    sb += w[k] * b;
                    saa += w[k] * a * a;
                    sbb += w[k] * b * b;
                    sab += w[k] * a * b;
                }
                int cell = y * outWidth + x0;
                ma[cell] = sa;
                mb[cell] = sb;
                maa[cell] = saa;
                mbb[cell] = sbb;
                mab[cell] = sab;
            }
        }

        double covarianceNorm = variant.covarianceNorm();
        double c1 = square(K1 * dataRange);
        double c2 = square(K2 * dataRange);
        double[] map = new double[outWidth * outHeight];
        for (int y0 = 0; y0 < outHeight; y0++) {
            for (int x0 = 0; x0 < outWidth; x0++) {
                double ua = 0, ub = 0, uaa = 0, ubb = 0, uab = 0;
                for (int k = 0; k < size; k++) {
                    int cell = (y0 + k) * outWidth + x0;
                    ua += w[k] * ma[cell];
                    ub += w[k] * mb[cell];
                    uaa += w[k] * maa[cell];
                    ubb += w[k] * mbb[cell];
                    uab += w[k] * mab[cell];
                }
                double va = covarianceNorm * (uaa - ua * ua);
                double vb = covarianceNorm * (ubb - ub * ub);
                double vab = covarianceNorm * (uab - ua * ub);
                map[y0 * outWidth + x0] = (2 * ua * ub + c1) * (2 * vab + c2) / ((ua * ua + ub * ub + c1) * (va + vb + c2));
            }
        }
        return new SsimMap(map, variant.radius(), outWidth, outHeight);
    }

    /** The mean over the whole map: scikit-image's mean SSIM. */
    double mean() {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Whether pixel (x, y) of the slice has a map value, i.e. its window lies inside the slice. */
    boolean covers(int x, int y) {
        return x >= radius && x < radius + mapWidth && y >= radius && y < radius + mapHeight;
    }

    /** SSIM at pixel (x, y) of the slice; only for pixels it {@link #covers}. */
    double at(int x, int y) {
        return values[(y - radius) * mapWidth + (x - radius)];
    }

    private static double square(double v) {
        return v * v;
    }
}
