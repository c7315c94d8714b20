package dev.claritas.mri.kspace;

import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Offset sampling ({@link MagicMaskFunc}) with the centre and the spacing adjusted to sample about
 * N / R lines in all (fastMRI's {@code MagicMaskFractionFunc}). Of N lines with acceleration R, the
 * target is {@code T = round(N / R)} lines; the centre keeps {@code round(N · centerFraction)} lines but
 * at least 1 and at most T; the other {@code T − N_low} lines are offset-sampled with spacing
 * {@code round(N / (T − N_low))}, the offset drawn from {@code [0, spacing)} unless given.
 */
public final class MagicMaskFractionFunc extends MagicMaskFunc {
    public MagicMaskFractionFunc(double[] centerFractions, int[] accelerations, boolean allowAnyCombination, long seed) {
        super(centerFractions, accelerations, allowAnyCombination, seed);
    }

    public MagicMaskFractionFunc(double[] centerFractions, int[] accelerations) {
        super(centerFractions, accelerations);
    }

    /** The number of centre lines and the spacing of the others; spacing 0 when the centre reaches the target. */
    record Adjusted(int numLowFrequencies, int acceleration) {}

    static Adjusted adjust(int numCols, double centerFraction, int acceleration) {
        int target = roundHalfEven((double) numCols / acceleration);
        int numLow = Math.max(Math.min(roundHalfEven(numCols * centerFraction), target), 1);
        int remaining = target - numLow;
        return new Adjusted(numLow, remaining > 0 ? roundHalfEven((double) numCols / remaining) : 0);
    }

    @Override
    Lines sampleLines(int numCols, OptionalInt offset, RandomGenerator random) {
        Choice choice = chooseAcceleration(random);
        Adjusted adjusted = adjust(numCols, choice.centerFraction(), choice.acceleration());
        if (adjusted.acceleration() == 0) {
            // fastMRI fails here too (a slice step of 0)
            throw new IllegalArgumentException("MagicMaskFractionFunc: " + adjusted.numLowFrequencies() + " centre lines of "
                    + numCols + " already reach acceleration " + choice.acceleration() + "; no offset lines are left to add");
        }
        return new Lines(centreMask(numCols, adjusted.numLowFrequencies()),
                accelerationMask(numCols, adjusted.acceleration(), offset, adjusted.numLowFrequencies(), random),
                adjusted.numLowFrequencies());
    }
}
