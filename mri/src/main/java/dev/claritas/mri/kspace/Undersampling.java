package dev.claritas.mri.kspace;

import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Applying a sampling mask to k-space (fastMRI's {@code apply_mask} in {@code fastmri/data/transforms.py}). */
public final class Undersampling {
    private Undersampling() {}

    /**
     * {@code kspace · mask + 0}: the k-space where the mask is non-zero, +0 elsewhere. The mask is
     * broadcast against the k-space: a line mask {@code [1, ..., W, 1]} from a {@link MaskFunc} or a 2-D
     * {@code [H, W, 1]} one from {@link PoissonDiscMask}. Adding 0 turns the −0 that a negative value times
     * 0 gives into +0, as fastMRI does, so masked k-space has no signed zeros.
     */
    public static Tensor applyMask(Tensor kspace, Tensor mask) {
        return kspace.mul(mask.to(kspace.dtype()).to(kspace.device())).add(0.0);
    }

    /**
     * Samples a mask for this k-space's shape and applies it. As fastMRI, the mask function sees the
     * shape with every dimension before the last three set to 1, so the mask is {@code [1, ..., 1, W, 1]}.
     *
     * @param kspace k-space {@code [..., H, W, 2]}
     * @param offset the first equispaced line, or empty to draw one
     * @param seed the seed for this mask (e.g. one per volume), or empty for the function's own stream
     */
    public static MaskedKspace applyMask(Tensor kspace, MaskFunc maskFunc, OptionalInt offset, OptionalLong seed) {
        SampledMask sampled = maskFunc.sample(maskShape(kspace), offset, seed);
        return new MaskedKspace(applyMask(kspace, sampled.mask()), sampled.mask(), sampled.numLowFrequencies());
    }

    /**
     * As {@link #applyMask(Tensor, MaskFunc, OptionalInt, OptionalLong)}, then unsamples the lines outside
     * the acquired window {@code [acquisitionStart, acquisitionEnd)} of dimension W (fastMRI's
     * {@code padding}, from the {@code padding_left} and {@code padding_right} attributes of its files:
     * k-space zero-padded by the scanner holds no data there).
     */
    public static MaskedKspace applyMask(Tensor kspace, MaskFunc maskFunc, OptionalInt offset, OptionalLong seed,
                                         int acquisitionStart, int acquisitionEnd) {
        SampledMask sampled = maskFunc.sample(maskShape(kspace), offset, seed);
        float[] lines = sampled.mask().toFloatArray();
        Arrays.fill(lines, 0, Math.clamp(acquisitionStart, 0, lines.length), 0f);
        Arrays.fill(lines, Math.clamp(acquisitionEnd, 0, lines.length), lines.length, 0f);
        Tensor mask = Tensor.of(lines, sampled.mask().shape().toArray());
        return new MaskedKspace(applyMask(kspace, mask), mask, sampled.numLowFrequencies());
    }

    private static int[] maskShape(Tensor kspace) {
        if (kspace.rank() < 3 || kspace.size(-1) != 2) {
            throw new ShapeMismatchException("applyMask: expects complex k-space [..., H, W, 2], got shape " + kspace.shape());
        }
        int[] shape = kspace.shape().toArray();
        Arrays.fill(shape, 0, shape.length - 3, 1);
        return shape;
    }
}
