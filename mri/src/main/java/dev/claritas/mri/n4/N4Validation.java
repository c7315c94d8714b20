package dev.claritas.mri.n4;

import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.metrics.RegionMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks N4 on a real scan with known bias: the T1 volume is multiplied by a smooth synthetic field of a given
 * amplitude, N4 is run on the product, and the estimate is compared with the truth inside the brain.
 *
 * <p>The synthetic field is 1 + a·g, g a smooth function of position (two wide Gaussians of opposite sign and a
 * linear ramp) scaled to span exactly [−1, 1] over the whole grid, so the multiplicative field spans
 * [1 − a, 1 + a]. The tissue classes come from the k-means labels shipped with the scan (label 5 grey matter, 6
 * white matter; labels 0, 4, 5, 6 the brain, see {@code examples/data/README.md}).
 *
 * <p>The scan has a bias field of its own, which N4 also finds, so two correlations are reported: of the true
 * log field with N4's estimate, and with N4's estimate minus its estimate on the unmodified scan (the recovery
 * of the added field alone). Pearson correlation removes the means, as the field is defined up to a constant.
 *
 * <p>Run with {@code java ... dev.claritas.mri.n4.N4Validation [T1] [LABELS] [SHRINK]}.
 */
public final class N4Validation {

    static final int GREY_MATTER = 5, WHITE_MATTER = 6;

    /**
     * Figures for one amplitude.
     *
     * @param amplitude           a: the field spans [1 − a, 1 + a]
     * @param correlation         Pearson correlation, in the brain, of the true and the estimated log fields
     * @param addedCorrelation    the same with the estimate minus N4's estimate on the unmodified scan
     * @param cjvOriginal         CJV of white vs grey matter of the unmodified scan
     * @param cjvBiased           CJV with the synthetic field applied
     * @param cjvCorrected        CJV after N4
     * @param cjvOriginalCorrected CJV of the unmodified scan after N4
     * @param seconds             wall time of the N4 run on the biased scan
     */
    public record Figures(double amplitude, double correlation, double addedCorrelation, double cjvOriginal,
                          double cjvBiased, double cjvCorrected, double cjvOriginalCorrected, double seconds) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "±%.0f %%: correlation %.3f (added field alone %.3f); CJV WM/GM original"
                    + " %.4f, with field %.4f, after N4 %.4f (N4 on the original %.4f); N4 %.1f s", 100 * amplitude,
                    correlation, addedCorrelation, cjvOriginal, cjvBiased, cjvCorrected, cjvOriginalCorrected, seconds);
        }
    }

    private N4Validation() {}

    /** Runs the validation for each amplitude with the given N4 settings. */
    public static List<Figures> run(Path t1, Path labels, N4Parameters parameters, double... amplitudes)
            throws IOException {
        NiftiImage scan = Nifti.read(t1);
        float[] label = Nifti.read(labels).data();
        float[] original = scan.data();
        int[] shape = scan.shape();
        if (label.length != original.length) {
            throw new IllegalArgumentException(labels + " does not have the grid of " + t1);
        }
        boolean[] brain = new boolean[original.length], grey = new boolean[original.length],
                white = new boolean[original.length];
        for (int i = 0; i < original.length; i++) {
            int l = Math.round(label[i]);
            boolean scanned = original[i] > 0; // the labels reach rows that are zero in this copy of the scan
            brain[i] = scanned && (l == 0 || l == 4 || l == GREY_MATTER || l == WHITE_MATTER);
            grey[i] = scanned && l == GREY_MATTER;
            white[i] = scanned && l == WHITE_MATTER;
        }
        N4BiasFieldCorrector n4 = new N4BiasFieldCorrector(parameters);
        N4Result own = n4.correct(original, shape, null, null);
        double cjvOriginal = RegionMetrics.cjv(original, white, grey);
        double cjvOriginalCorrected = RegionMetrics.cjv(own.corrected(), white, grey);
        double[] shape01 = syntheticShape(shape);

        List<Figures> figures = new ArrayList<>();
        for (double a : amplitudes) {
            float[] biased = new float[original.length];
            double[] trueLog = new double[original.length];
            for (int i = 0; i < original.length; i++) {
                trueLog[i] = Math.log1p(a * shape01[i]);
                biased[i] = (float) (original[i] * (1 + a * shape01[i]));
            }
            long start = System.nanoTime();
            N4Result result = n4.correct(biased, shape, null, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] estimate = new double[original.length], added = new double[original.length];
            for (int i = 0; i < original.length; i++) {
                estimate[i] = result.logField()[i];
                added[i] = result.logField()[i] - own.logField()[i];
            }
            figures.add(new Figures(a, correlation(trueLog, estimate, brain), correlation(trueLog, added, brain),
                    cjvOriginal, RegionMetrics.cjv(biased, white, grey), RegionMetrics.cjv(result.corrected(), white, grey),
                    cjvOriginalCorrected, seconds));
        }
        return figures;
    }

    /**
     * g: a bright wide Gaussian, a dark one and a ramp, in coordinates scaled to [−1, 1] per axis, then mapped
     * linearly onto [−1, 1] over the grid.
     */
    static double[] syntheticShape(int[] shape) {
        int nx = shape[0], ny = shape[1], nz = shape.length > 2 ? shape[2] : 1;
        double[] g = new double[nx * ny * nz];
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int z = 0, i = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    double u = unit(x, nx), v = unit(y, ny), w = unit(z, nz);
                    double bright = Math.exp(-(sq(u - 0.4) + sq(v - 0.2) + sq(w)) / (2 * 0.5 * 0.5));
                    double dark = Math.exp(-(sq(u + 0.5) + sq(v + 0.3) + sq(w - 0.3)) / (2 * 0.6 * 0.6));
                    g[i] = bright - 0.8 * dark + 0.3 * v;
                    min = Math.min(min, g[i]);
                    max = Math.max(max, g[i]);
                }
            }
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = 2 * (g[i] - min) / (max - min) - 1;
        }
        return g;
    }

    /** Pearson correlation of a and b over the region. */
    static double correlation(double[] a, double[] b, boolean[] region) {
        double ma = 0, mb = 0;
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            if (region[i]) {
                ma += a[i];
                mb += b[i];
                n++;
            }
        }
        ma /= n;
        mb /= n;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            if (region[i]) {
                ab += (a[i] - ma) * (b[i] - mb);
                aa += sq(a[i] - ma);
                bb += sq(b[i] - mb);
            }
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static double unit(int i, int n) {
        return n == 1 ? 0 : 2.0 * i / (n - 1) - 1;
    }

    private static double sq(double x) {
        return x * x;
    }

    public static void main(String[] args) throws IOException {
        Path t1 = Path.of(args.length > 0 ? args[0] : "examples/data/t1-brain.nii.gz");
        Path labels = Path.of(args.length > 1 ? args[1] : "examples/data/t1-brain-kmeans-labels.nii.gz");
        N4Parameters parameters = N4Parameters.defaults();
        if (args.length > 2) {
            parameters = parameters.withShrinkFactor(Integer.parseInt(args[2]));
        }
        for (Figures f : run(t1, labels, parameters, 0.10, 0.20)) {
            System.out.println(f);
        }
    }
}
