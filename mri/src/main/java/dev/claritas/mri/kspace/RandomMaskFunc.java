package dev.claritas.mri.kspace;

import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Centre lines plus lines chosen at random (fastMRI's {@code RandomMaskFunc}). Of N lines, the
 * {@code N_low = round(N · centerFraction)} centre lines are always sampled, and every line is also
 * sampled independently with probability {@code p = (N / acceleration − N_low) / (N − N_low)}, so the
 * expected number of sampled lines is N / acceleration (lines in the centre are counted once).
 */
public final class RandomMaskFunc extends MaskFunc {
    public RandomMaskFunc(double[] centerFractions, int[] accelerations, boolean allowAnyCombination, long seed) {
        super(centerFractions, accelerations, allowAnyCombination, seed);
    }

    public RandomMaskFunc(double[] centerFractions, int[] accelerations) {
        super(centerFractions, accelerations);
    }

    /**
     * The probability of each line outside the centre. When the centre fills every line, fastMRI
     * divides by zero; here the result is NaN, so no line is added and the mask is the centre.
     */
    static double probability(int numCols, int acceleration, int numLowFrequencies) {
        return ((double) numCols / acceleration - numLowFrequencies) / (numCols - numLowFrequencies);
    }

    @Override
    boolean[] accelerationMask(int numCols, int acceleration, OptionalInt offset, int numLowFrequencies,
                               RandomGenerator random) {
        double p = probability(numCols, acceleration, numLowFrequencies);
        boolean[] mask = new boolean[numCols];
        for (int i = 0; i < numCols; i++) {
            mask[i] = random.nextDouble() < p;
        }
        return mask;
    }
}
