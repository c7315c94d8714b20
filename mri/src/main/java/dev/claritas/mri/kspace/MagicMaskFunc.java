package dev.claritas.mri.kspace;

import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Offset sampling (fastMRI's {@code MagicMaskFunc}; Defazio, "Offset Sampling Improves Deep Learning
 * based Accelerated MRI Reconstructions by Exploiting Symmetry", arXiv:1912.01101): centre lines plus
 * equispaced lines whose pattern on the negative-frequency half is offset from the positive half, so
 * that with k-space's approximate conjugate symmetry the two halves complement each other.
 *
 * <p>In unshifted (FFT) order the positive half, lines {@code 0 .. ⌈N/2⌉ − 1}, is sampled every R lines
 * from {@code offset_pos}, and the negative half, read from its highest frequency inwards, from
 * {@code offset_neg}, where an even offset o gives {@code (o + 1, o + 2)} and an odd one
 * {@code (o + 2, o − 1)}; the result is then {@code fftshift}ed to centred order. The offset is drawn
 * from {@code [0, R)} unless given. Like {@link EquispacedMaskFunc} it samples somewhat more than N / R
 * lines.
 */
public sealed class MagicMaskFunc extends MaskFunc permits MagicMaskFractionFunc {
    public MagicMaskFunc(double[] centerFractions, int[] accelerations, boolean allowAnyCombination, long seed) {
        super(centerFractions, accelerations, allowAnyCombination, seed);
    }

    public MagicMaskFunc(double[] centerFractions, int[] accelerations) {
        super(centerFractions, accelerations);
    }

    @Override
    final boolean[] accelerationMask(int numCols, int acceleration, OptionalInt offset, int numLowFrequencies,
                                     RandomGenerator random) {
        int o = offsetOrDraw(offset, acceleration, random, "offset lines");
        int offsetPositive = o % 2 == 0 ? o + 1 : o + 2;
        int offsetNegative = o % 2 == 0 ? o + 2 : o - 1;
        int positiveLength = (numCols + 1) / 2;
        boolean[] positive = everyNth(positiveLength, offsetPositive, acceleration);
        boolean[] negative = everyNth(numCols - positiveLength, offsetNegative, acceleration);
        // unshifted order: the positive half, then the negative half flipped
        boolean[] unshifted = new boolean[numCols];
        System.arraycopy(positive, 0, unshifted, 0, positiveLength);
        for (int i = 0; i < negative.length; i++) {
            unshifted[numCols - 1 - i] = negative[i];
        }
        // fftshift: element j moves to (j + N/2) mod N
        boolean[] mask = new boolean[numCols];
        for (int j = 0; j < numCols; j++) {
            mask[(j + numCols / 2) % numCols] = unshifted[j];
        }
        return mask;
    }
}
