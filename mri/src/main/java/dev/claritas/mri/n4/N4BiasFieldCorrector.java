package dev.claritas.mri.n4;

import java.util.Arrays;

/**
 * N4 bias-field correction (Tustison et al. 2010, "N4ITK: improved N3 bias correction", IEEE TMI 29(6)), as
 * ITK's {@code N4BiasFieldCorrectionImageFilter} runs it. With v the log intensities of the masked voxels and f
 * the current log field, each iteration
 * <ol>
 *   <li>sharpens the histogram of û = v − f and maps each voxel to its expected value under it
 *       ({@link HistogramSharpener}, eq. 4–5);</li>
 *   <li>approximates the residual û − E[û | û] by a cubic B-spline ({@link BSplineFitter}, Lee's scattered-data
 *       approximation, as ITK) and adds its control points to the field's: the field estimate is the running
 *       sum of these fits (eq. 7's iterative update);</li>
 *   <li>stops the level when the coefficient of variation of exp(change in f) over the mask falls below the
 *       threshold, ITK's convergence measure.</li>
 * </ol>
 * Each fitting level doubles the B-spline mesh, the accumulated lattice refined exactly. The fitting runs on
 * a shrunk image ({@link ShrunkSamples}, ITK's {@code ShrinkImageFilter} grid); the final lattice is then
 * evaluated at every full-resolution voxel, inside the mask or not, and the input is divided by exp(f). On the
 * shipped T1 scan this reproduces ITK 5.2's N4 (same mask, iterations per level and field; see
 * {@code N4ItkParityTest}).
 */
public final class N4BiasFieldCorrector {

    /** Called after each iteration, e.g. to move a progress bar. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param level       fitting level, from 0
         * @param iteration   iteration within the level, from 1
         * @param convergence the coefficient of variation of the field's change in this iteration
         */
        void iterated(int level, int iteration, double convergence);
    }

    private final N4Parameters parameters;

    public N4BiasFieldCorrector(N4Parameters parameters) {
        this.parameters = parameters;
    }

    /**
     * Corrects a 2-D or 3-D image.
     *
     * @param image    voxels, x fastest
     * @param shape    2 or 3 sizes
     * @param mask     voxels to estimate the field from, or {@code null} for {@link OtsuMask}; non-positive
     *                 voxels are left out either way, since N4 works on logarithms
     * @param listener told about each iteration, or {@code null}
     * @throws IllegalArgumentException if the shape is not 2-D or 3-D, sizes disagree, or the mask holds no
     *                                  positive voxel
     */
    public N4Result correct(float[] image, int[] shape, boolean[] mask, Listener listener) {
        if (shape.length < 2 || shape.length > 3) {
            throw new IllegalArgumentException("N4 takes 2-D or 3-D images, got " + shape.length + "-D");
        }
        int[] dims = {shape[0], shape[1], shape.length == 3 ? shape[2] : 1};
        if ((long) dims[0] * dims[1] * dims[2] != image.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + image.length + " voxels");
        }
        boolean[] used = mask == null ? OtsuMask.of(image) : mask.clone();
        if (used.length != image.length) {
            throw new IllegalArgumentException("mask has " + used.length + " voxels, the image " + image.length);
        }
        for (int i = 0; i < used.length; i++) {
            used[i] &= image[i] > 0 && Float.isFinite(image[i]);
        }
        ShrunkSamples samples = ShrunkSamples.of(image, dims, used, parameters.shrinkFactor());
        if (samples.size() == 0) {
            throw new IllegalArgumentException("the mask holds no positive voxel to estimate a bias field from");
        }

        double[] logImage = new double[samples.size()];
        for (int p = 0; p < logImage.length; p++) {
            logImage[p] = Math.log(samples.intensities()[p]);
        }
        HistogramSharpener sharpener = new HistogramSharpener(parameters.histogramBins(), parameters.fwhm(),
                parameters.wienerNoise());
        int spans = parameters.controlPoints() - N4Parameters.SPLINE_ORDER;
        CubicBSplineAxis[] axes = new CubicBSplineAxis[3];
        for (int d = 0; d < 3; d++) {
            // a single sample plane along an axis says nothing about the field's variation along it
            axes[d] = new CubicBSplineAxis(dims[d], samples.sizes()[d] > 1 ? spans : 0);
        }
        BSplineLattice lattice = BSplineLattice.zeros(axes);
        double[] field = new double[samples.size()];
        int[] iterations = new int[parameters.fittingLevels()];
        double[] convergence = new double[parameters.fittingLevels()];

        for (int level = 0; level < parameters.fittingLevels(); level++) {
            if (level > 0) {
                lattice = lattice.refined(); // the same field on a mesh twice as fine
            }
            BSplineFitter fitter = new BSplineFitter(lattice.axes(), samples.points());
            double measure = Double.POSITIVE_INFINITY;
            int iteration = 0;
            while (iteration < parameters.iterationsPerLevel() && measure > parameters.convergenceThreshold()) {
                iteration++;
                double[] uncorrected = new double[field.length];
                for (int p = 0; p < field.length; p++) {
                    uncorrected[p] = logImage[p] - field[p];
                }
                double[] sharpened = sharpener.sharpen(uncorrected);
                double[] residual = new double[field.length];
                for (int p = 0; p < field.length; p++) {
                    residual[p] = uncorrected[p] - sharpened[p];
                }
                double[] update = fitter.fit(residual);
                lattice.add(update);
                double[] change = fitter.evaluate(update);
                for (int p = 0; p < field.length; p++) {
                    field[p] += change[p];
                }
                measure = coefficientOfVariationOfExp(change);
                if (listener != null) {
                    listener.iterated(level, iteration, measure);
                }
            }
            iterations[level] = iteration;
            convergence[level] = measure;
        }

        float[] logField = lattice.evaluateGrid();
        float[] corrected = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            corrected[i] = (float) (image[i] / Math.exp(logField[i]));
        }
        return new N4Result(corrected, logField, iterations, convergence);
    }

    /**
     * ITK's convergence measure: σ/μ of exp(Δf) over the samples, σ with divisor n − 1; 0 for a single sample.
     */
    static double coefficientOfVariationOfExp(double[] change) {
        int n = change.length;
        if (n < 2) {
            return 0;
        }
        double mean = 0;
        for (double c : change) {
            mean += Math.exp(c);
        }
        mean /= n;
        double squares = 0;
        for (double c : change) {
            double d = Math.exp(c) - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (n - 1)) / mean;
    }
}
