package dev.claritas.mri.kspace;

import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Centre lines plus every {@code acceleration}-th line from an offset (fastMRI's
 * {@code EquiSpacedMaskFunc}): lines {@code offset, offset + R, offset + 2R, ...}, the offset drawn from
 * {@code [0, R)} unless given. The lines are exactly evenly spaced, as GRAPPA acquisitions need, so with
 * the extra centre lines the true acceleration is below {@code R}.
 */
public final class EquispacedMaskFunc extends MaskFunc {
    public EquispacedMaskFunc(double[] centerFractions, int[] accelerations, boolean allowAnyCombination, long seed) {
        super(centerFractions, accelerations, allowAnyCombination, seed);
    }

    public EquispacedMaskFunc(double[] centerFractions, int[] accelerations) {
        super(centerFractions, accelerations);
    }

    @Override
    boolean[] accelerationMask(int numCols, int acceleration, OptionalInt offset, int numLowFrequencies,
                               RandomGenerator random) {
        int start = offsetOrDraw(offset, acceleration, random, "equispaced lines");
        return everyNth(numCols, start, acceleration);
    }
}
