package dev.claritas.mri.n4;

/**
 * Settings of N4, named and defaulted as SimpleITK's {@code N4BiasFieldCorrectionImageFilter}, plus the shrink
 * factor its examples apply beforehand.
 *
 * @param shrinkFactor          shrink factor for the fitting (the field is then evaluated at full resolution)
 * @param fittingLevels         number of fitting levels; the B-spline mesh doubles from one to the next
 * @param iterationsPerLevel    maximum iterations at each level ({@code MaximumNumberOfIterations}, 50)
 * @param convergenceThreshold stop a level once the coefficient of variation of the field's change falls below
 *                              this ({@code ConvergenceThreshold}, 0.001)
 * @param controlPoints         control points per axis at the first level ({@code NumberOfControlPoints}, 4,
 *                              the fewest a cubic spline has: one span)
 * @param histogramBins         {@code NumberOfHistogramBins}, 200
 * @param fwhm                  {@code BiasFieldFullWidthAtHalfMaximum}, 0.15
 * @param wienerNoise           {@code WienerFilterNoise}, 0.01
 */
public record N4Parameters(int shrinkFactor, int fittingLevels, int iterationsPerLevel, double convergenceThreshold,
                           int controlPoints, int histogramBins, double fwhm, double wienerNoise) {

    /** Cubic splines only, as ITK's default {@code SplineOrder} 3. */
    static final int SPLINE_ORDER = 3;

    public N4Parameters {
        if (shrinkFactor < 1 || fittingLevels < 1 || iterationsPerLevel < 1 || controlPoints <= SPLINE_ORDER) {
            throw new IllegalArgumentException("N4 needs shrink >= 1, levels >= 1, iterations >= 1 and more than "
                    + SPLINE_ORDER + " control points, got " + shrinkFactor + ", " + fittingLevels + ", "
                    + iterationsPerLevel + ", " + controlPoints);
        }
        if (fittingLevels > 10) {
            throw new IllegalArgumentException("at most 10 fitting levels (the mesh doubles at each), got " + fittingLevels);
        }
    }

    /** SimpleITK's defaults with shrink factor 4. */
    public static N4Parameters defaults() {
        return new N4Parameters(4, 4, 50, 0.001, 4, 200, 0.15, 0.01);
    }

    public N4Parameters withShrinkFactor(int s) {
        return new N4Parameters(s, fittingLevels, iterationsPerLevel, convergenceThreshold, controlPoints,
                histogramBins, fwhm, wienerNoise);
    }

    public N4Parameters withFittingLevels(int levels) {
        return new N4Parameters(shrinkFactor, levels, iterationsPerLevel, convergenceThreshold, controlPoints,
                histogramBins, fwhm, wienerNoise);
    }

    public N4Parameters withIterationsPerLevel(int iterations) {
        return new N4Parameters(shrinkFactor, fittingLevels, iterations, convergenceThreshold, controlPoints,
                histogramBins, fwhm, wienerNoise);
    }
}
