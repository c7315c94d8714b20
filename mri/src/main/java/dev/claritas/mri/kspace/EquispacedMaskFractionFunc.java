package dev.claritas.mri.kspace;

import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Centre lines plus approximately equispaced lines whose spacing is adjusted so that the whole mask
 * samples a fraction 1 / acceleration of the lines (fastMRI's {@code EquispacedMaskFractionFunc}).
 *
 * <p>With N lines, {@code N_low} of them in the centre and acceleration R, the spacing is
 * {@code R_adj = R (N_low − N) / (N_low R − N)}: the {@code (N − N_low) / R_adj} lines outside the centre
 * and the centre lines add up to N / R. The lines are {@code around(arange(offset, N − 1, R_adj))}, numpy's
 * arithmetic reproduced exactly, so they are not exactly evenly spaced (fastMRI issue #54); fastMRI keeps
 * this because its public multi-coil data were masked that way. The offset is drawn from
 * {@code [0, round(R_adj))} unless given.
 */
public final class EquispacedMaskFractionFunc extends MaskFunc {
    public EquispacedMaskFractionFunc(double[] centerFractions, int[] accelerations, boolean allowAnyCombination, long seed) {
        super(centerFractions, accelerations, allowAnyCombination, seed);
    }

    public EquispacedMaskFractionFunc(double[] centerFractions, int[] accelerations) {
        super(centerFractions, accelerations);
    }

    /** The adjusted spacing R_adj; refuses the one configuration where fastMRI divides by zero. */
    static double adjustedAcceleration(int numCols, int acceleration, int numLowFrequencies) {
        long denominator = (long) numLowFrequencies * acceleration - numCols;
        if (denominator == 0) {
            throw new IllegalArgumentException("EquispacedMaskFractionFunc: " + numLowFrequencies + " centre lines of "
                    + numCols + " already give acceleration " + acceleration + "; no spacing adds lines to that");
        }
        return (double) ((long) acceleration * (numLowFrequencies - numCols)) / denominator;
    }

    @Override
    boolean[] accelerationMask(int numCols, int acceleration, OptionalInt offset, int numLowFrequencies,
                               RandomGenerator random) {
        double spacing = adjustedAcceleration(numCols, acceleration, numLowFrequencies);
        int start = offsetOrDraw(offset, roundHalfEven(spacing), random,
                "the centre lines alone exceed 1/" + acceleration + " of " + numCols + " lines");
        boolean[] mask = new boolean[numCols];
        for (double position : arange(start, numCols - 1, spacing)) {
            mask[(int) Math.rint(position)] = true; // np.around: halves to even
        }
        return mask;
    }

    /**
     * numpy's {@code arange(start, stop, step)} for a float step: {@code ceil((stop − start) / step)}
     * values, the first two {@code start} and {@code start + step}, the others {@code start + i · d} where
     * {@code d = (start + step) − start} is the step as numpy's fill loop recovers it from those two.
     */
    static double[] arange(double start, double stop, double step) {
        double length = Math.ceil((stop - start) / step);
        if (!(length > 0)) {
            return new double[0];
        }
        double[] values = new double[(int) length];
        values[0] = start;
        if (values.length > 1) {
            values[1] = start + step;
            double delta = values[1] - values[0];
            for (int i = 2; i < values.length; i++) {
                values[i] = start + i * delta;
            }
        }
        return values;
    }
}
