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
 * <p>Fields are compared as log fields over the brain voxels. N4 finds a field only up to a constant factor, a
 * constant in the log domain, which Pearson's correlation and the regression slope both ignore (they remove the
 * means). The scan has a bias field of its own, which N4 also finds, so the truth N4 is held to is known only
 * for the added field: next to the correlation of the true log field with N4's estimate, the figures give the
 * correlation and the slope of the true log field against N4's estimate minus its estimate on the unmodified
 * scan (the recovery of the added field alone; a slope of 1 recovers its full amplitude). The white/grey-matter
 * CJV is reported for the same reason with N4's CJV on the unmodified scan beside it: the k-means labels were
 * drawn from this scan's own intensities, so any correction of its own field raises their CJV, and the target
 * for the corrected biased scan is N4's result on the unmodified one, not the unmodified scan itself.
 *
 * <p>With {@code phantom} the scan is first replaced by a piecewise-constant image with the same labels (each
 * voxel the mean of its label, times 1 + 3 % Gaussian noise): the histogram model N4 relies on then holds, and
 * the scan has no field of its own, which separates what N4 can do from what this scan allows.
 *
 * <p>Run with {@code java ... dev.claritas.mri.n4.N4Validation [--phantom] [T1] [LABELS] [SHRINK]}.
 */
public final class N4Validation {

    static final int GREY_MATTER = 5, WHITE_MATTER = 6;
    private static final int BACKGROUND = 1;

    /**
     * Figures for one amplitude.
     *
     * @param amplitude            a: the field spans [1 − a, 1 + a]
     * @param correlation          Pearson correlation, in the brain, of the true and the estimated log fields
     * @param addedCorrelation     the same with the estimate minus N4's estimate on the unmodified scan
     * @param addedSlope           slope of that difference regressed on the true log field: the fraction of the
     *                             added field's amplitude recovered
     * @param cjvOriginal          CJV of white vs grey matter of the unmodified scan
     * @param cjvBiased            CJV with the synthetic field applied
     * @param cjvCorrected         CJV after N4
     * @param cjvOriginalCorrected CJV of the unmodified scan after N4
     * @param seconds              wall time of the N4 run on the biased scan
     */
    public record Figures(double amplitude, double correlation, double addedCorrelation, double addedSlope,
                          double cjvOriginal, double cjvBiased, double cjvCorrected, double cjvOriginalCorrected,
                          double seconds) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "±%.0f %%: correlation %.3f; added field alone: correlation %.3f, "
                    + "slope %.3f; CJV WM/GM original %.4f, with field %.4f, after N4 %.4f (N4 on the original "
                    + "%.4f); N4 %.1f s", 100 * amplitude, correlation, addedCorrelation, addedSlope, cjvOriginal,
                    cjvBiased, cjvCorrected, cjvOriginalCorrected, seconds);
        }
    }

    private N4Validation() {}

    /** Runs the validation on the scan for each amplitude with the given N4 settings. */
    public static List<Figures> run(Path t1, Path labels, N4Parameters parameters, double... amplitudes)
            throws IOException {
        return run(t1, labels, false, parameters, amplitudes);
    }

    /**
     * Runs the validation for each amplitude with the given N4 settings, on the scan or, with {@code phantom},
     * on a piecewise-constant image with its labels.
     */
    public static List<Figures> run(Path t1, Path labels, boolean phantom, N4Parameters parameters,
                                    double... amplitudes) throws IOException {
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
        if (phantom) {
            original = phantom(original, label);
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
                    slope(trueLog, added, brain), cjvOriginal, RegionMetrics.cjv(biased, white, grey),
                    RegionMetrics.cjv(result.corrected(), white, grey), cjvOriginalCorrected, seconds));
        }
        return figures;
    }

    /** Each labelled voxel the mean of its label times 1 + 3 % Gaussian noise (seeded); background 0. */
    static float[] phantom(float[] scan, float[] label) {
        double[] sum = new double[256];
        long[] count = new long[256];
        for (int i = 0; i < scan.length; i++) {
            int l = Math.round(label[i]);
            sum[l] += scan[i];
            count[l]++;
        }
        java.util.Random random = new java.util.Random(1);
        float[] out = new float[scan.length];
        for (int i = 0; i < scan.length; i++) {
            int l = Math.round(label[i]);
            double value = l == BACKGROUND ? 0 : sum[l] / count[l] * (1 + 0.03 * random.nextGaussian());
            out[i] = (float) Math.max(0, value);
        }
        return out;
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

    /** Least-squares slope of b regressed on a over the region: cov(a, b) / var(a). */
    static double slope(double[] a, double[] b, boolean[] region) {
        CentredSums m = CentredSums.of(a, b, region);
        return m.ab() / m.aa();
    }

    /** Pearson correlation of a and b over the region. */
    static double correlation(double[] a, double[] b, boolean[] region) {
        CentredSums m = CentredSums.of(a, b, region);
        return m.ab() / Math.sqrt(m.aa() * m.bb());
    }

    /** Σ(a−ā)(b−b̄), Σ(a−ā)², Σ(b−b̄)² over the region. */
    private record CentredSums(double ab, double aa, double bb) {
        static CentredSums of(double[] a, double[] b, boolean[] region) {
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
            return new CentredSums(ab, aa, bb);
        }
    }

    private static double unit(int i, int n) {
        return n == 1 ? 0 : 2.0 * i / (n - 1) - 1;
    }

    private static double sq(double x) {
        return x * x;
    }

    public static void main(String[] args) throws IOException {
        boolean phantom = args.length > 0 && args[0].equals("--phantom");
        List<String> rest = List.of(args).subList(phantom ? 1 : 0, args.length);
        Path t1 = Path.of(rest.size() > 0 ? rest.get(0) : "examples/data/t1-brain.nii.gz");
        Path labels = Path.of(rest.size() > 1 ? rest.get(1) : "examples/data/t1-brain-kmeans-labels.nii.gz");
        N4Parameters parameters = N4Parameters.defaults();
        if (rest.size() > 2) {
            parameters = parameters.withShrinkFactor(Integer.parseInt(rest.get(2)));
        }
        for (Figures f : run(t1, labels, phantom, parameters, 0.10, 0.20)) {
            System.out.println(f);
        }
    }
}
