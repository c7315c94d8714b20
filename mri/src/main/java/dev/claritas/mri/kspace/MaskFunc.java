package dev.claritas.mri.kspace;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A Cartesian undersampling pattern that samples whole lines of k-space along dimension −2 (W, the
 * columns of {@code [..., H, W, 2]}): a fully sampled block of centre lines plus lines chosen by the
 * subclass. This is fastMRI's {@code MaskFunc} ({@code fastmri/data/subsample.py}, v0.3) with its
 * semantics kept exactly: centre lines, equispaced positions for a given offset and the adjusted
 * accelerations agree line for line with fastMRI (tested against a Python re-implementation).
 *
 * <p>The random parts — the choice among several (centre fraction, acceleration) pairs, the offset of
 * equispaced lines when none is given, the lines of {@link RandomMaskFunc} — use Java's
 * {@link SplittableRandom} instead of numpy's {@code RandomState}, so they follow the same
 * distributions but not the same draws as fastMRI. As in fastMRI, a mask function owns a random stream
 * that successive calls advance, and a call given a seed (fastMRI derives one per volume from the file
 * name, so every slice of a volume gets the same mask) uses a stream of that seed instead, leaving the
 * function's own stream untouched.
 */
public abstract sealed class MaskFunc
        permits RandomMaskFunc, EquispacedMaskFunc, EquispacedMaskFractionFunc, MagicMaskFunc {
    private final double[] centerFractions;
    private final int[] accelerations;
    private final boolean allowAnyCombination;
    private final SplittableRandom rng;

    /**
     * @param centerFractions the fraction of lines of the fully sampled centre; one is chosen per call
     * @param accelerations the undersampling factors, paired with {@code centerFractions}
     * @param allowAnyCombination whether a fraction and an acceleration are chosen independently
     *     (any combination) rather than as a pair of the same index, which needs equal lengths
     * @param seed the seed of this function's own random stream
     */
    protected MaskFunc(double[] centerFractions, int[] accelerations, boolean allowAnyCombination, long seed) {
        this(centerFractions, accelerations, allowAnyCombination, new SplittableRandom(seed));
    }

    /** Paired fractions and accelerations, with an unseeded stream (fastMRI's default {@code seed=None}). */
    protected MaskFunc(double[] centerFractions, int[] accelerations) {
        this(centerFractions, accelerations, false, new SplittableRandom());
    }

    private MaskFunc(double[] centerFractions, int[] accelerations, boolean allowAnyCombination, SplittableRandom rng) {
        if (centerFractions.length == 0 || accelerations.length == 0) {
            throw new IllegalArgumentException("a mask function needs at least one centre fraction and one acceleration");
        }
        if (centerFractions.length != accelerations.length && !allowAnyCombination) {
            throw new IllegalArgumentException("the number of centre fractions " + Arrays.toString(centerFractions)
                    + " should match the number of accelerations " + Arrays.toString(accelerations)
                    + " if allowAnyCombination is false");
        }
        for (double f : centerFractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("centre fractions lie in [0, 1], got " + f);
            }
        }
        for (int a : accelerations) {
            if (a < 1) {
                throw new IllegalArgumentException("accelerations are at least 1, got " + a);
            }
        }
        this.centerFractions = centerFractions.clone();
        this.accelerations = accelerations.clone();
        this.allowAnyCombination = allowAnyCombination;
        this.rng = rng;
    }

    /**
     * fastMRI's {@code create_mask_for_mask_type}: "random", "equispaced", "equispaced_fraction",
     * "magic" or "magic_fraction", with paired fractions and accelerations and an unseeded stream.
     */
    public static MaskFunc create(String type, double[] centerFractions, int[] accelerations) {
        return switch (type) {
            case "random" -> new RandomMaskFunc(centerFractions, accelerations);
            case "equispaced" -> new EquispacedMaskFunc(centerFractions, accelerations);
            case "equispaced_fraction" -> new EquispacedMaskFractionFunc(centerFractions, accelerations);
            case "magic" -> new MagicMaskFunc(centerFractions, accelerations);
            case "magic_fraction" -> new MagicMaskFractionFunc(centerFractions, accelerations);
            default -> throw new IllegalArgumentException("mask type " + type + " not supported; use random, equispaced,"
                    + " equispaced_fraction, magic or magic_fraction");
        };
    }

    /** A mask drawn from this function's own stream, which advances. */
    public final SampledMask sample(int[] shape) {
        return sample(shape, OptionalInt.empty(), OptionalLong.empty());
    }

    /** A mask drawn from a stream of the given seed: the same seed gives the same mask. */
    public final SampledMask sample(int[] shape, long seed) {
        return sample(shape, OptionalInt.empty(), OptionalLong.of(seed));
    }

    /**
     * fastMRI's {@code MaskFunc.__call__(shape, offset, seed)}.
     *
     * @param shape the k-space shape, at least 3 dimensions; lines are sampled along dimension −2
     * @param offset the first equispaced line (equispaced and magic masks); empty: drawn at random
     * @param seed the seed of the stream for this call; empty: this function's own stream
     * @return a float32 mask of shape {@code [1, ..., 1, shape[-2], 1]} (1 = sampled), broadcastable
     *     against the k-space, and the number of centre lines
     */
    public final SampledMask sample(int[] shape, OptionalInt offset, OptionalLong seed) {
        if (shape.length < 3) {
            throw new IllegalArgumentException("the k-space shape should have 3 or more dimensions, got " + Arrays.toString(shape));
        }
        if (offset.isPresent() && offset.getAsInt() < 0) {
            throw new IllegalArgumentException("the offset of equispaced lines is at least 0, got " + offset.getAsInt());
        }
        int numCols = shape[shape.length - 2];
        Lines lines;
        if (seed.isPresent()) {
            lines = sampleLines(numCols, offset, new SplittableRandom(seed.getAsLong()));
        } else {
            synchronized (rng) {
                lines = sampleLines(numCols, offset, rng);
            }
        }
        float[] mask = new float[numCols];
        for (int i = 0; i < numCols; i++) {
            mask[i] = lines.centre[i] || lines.acceleration[i] ? 1f : 0f;
        }
        int[] maskShape = new int[shape.length];
        Arrays.fill(maskShape, 1);
        maskShape[shape.length - 2] = numCols;
        return new SampledMask(Tensor.of(mask, maskShape), lines.numLowFrequencies);
    }

    /**
     * The two parts of a mask over {@code numCols} lines, fastMRI's {@code sample_mask}: the centre
     * lines and the acceleration lines. Subclasses that adjust the number of centre lines override it.
     */
    Lines sampleLines(int numCols, OptionalInt offset, RandomGenerator random) {
        Choice choice = chooseAcceleration(random);
        int numLow = roundHalfEven(numCols * choice.centerFraction());
        return new Lines(centreMask(numCols, numLow),
                accelerationMask(numCols, choice.acceleration(), offset, numLow, random), numLow);
    }

    /**
     * The lines outside the centre (fastMRI's {@code calculate_acceleration_mask}); they may overlap
     * the centre.
     */
    abstract boolean[] accelerationMask(int numCols, int acceleration, OptionalInt offset, int numLowFrequencies,
                                        RandomGenerator random);

    /** One (centre fraction, acceleration) pair, fastMRI's {@code choose_acceleration}. */
    final Choice chooseAcceleration(RandomGenerator random) {
        if (allowAnyCombination) {
            double fraction = centerFractions[random.nextInt(centerFractions.length)];
            return new Choice(fraction, accelerations[random.nextInt(accelerations.length)]);
        }
        int i = random.nextInt(centerFractions.length);
        return new Choice(centerFractions[i], accelerations[i]);
    }

    /**
     * {@code numLow} consecutive lines starting at {@code (numCols − numLow + 1) / 2} (fastMRI's
     * {@code calculate_center_mask}): the block holding the k-space centre {@code numCols / 2}.
     */
    static boolean[] centreMask(int numCols, int numLow) {
        if (numLow > numCols) {
            throw new IllegalArgumentException(numLow + " centre lines do not fit in " + numCols + " lines");
        }
        boolean[] mask = new boolean[numCols];
        int pad = (numCols - numLow + 1) / 2;
        Arrays.fill(mask, pad, pad + numLow, true);
        return mask;
    }

    /** Python's {@code round} of a float: to the nearest integer, halves to the even one (1.5 → 2, 12.5 → 12). */
    static int roundHalfEven(double x) {
        return (int) Math.rint(x);
    }

    /** Lines {@code start, start + step, ...} below {@code numCols} (numpy's {@code mask[start::step] = 1}). */
    static boolean[] everyNth(int numCols, int start, int step) {
        boolean[] mask = new boolean[numCols];
        for (int i = start; i < numCols; i += step) {
            mask[i] = true;
        }
        return mask;
    }

    /** The offset given, or one drawn uniformly from {@code [0, bound)} (numpy's {@code randint(0, high=bound)}). */
    static int offsetOrDraw(OptionalInt offset, int bound, RandomGenerator random, String what) {
        if (offset.isPresent()) {
            return offset.getAsInt();
        }
        if (bound < 1) {
            throw new IllegalArgumentException("cannot draw an offset from [0, " + bound + "): " + what);
        }
        return random.nextInt(bound);
    }

    /** A chosen centre fraction and acceleration. */
    record Choice(double centerFraction, int acceleration) {}

    /** The centre and acceleration parts of a mask, and the number of centre lines. */
    record Lines(boolean[] centre, boolean[] acceleration, int numLowFrequencies) {}
}
