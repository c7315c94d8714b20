package dev.claritas.mri.kspace;

import dev.claritas.tensor.Tensor;

/**
 * Undersampled k-space with the mask that made it (fastMRI's {@code apply_mask} result).
 *
 * @param kspace the k-space with unsampled positions set to +0
 * @param mask the float32 mask {@code [1, ..., 1, W, 1]}, 1 on sampled lines
 * @param numLowFrequencies the number of fully sampled centre lines
 */
public record MaskedKspace(Tensor kspace, Tensor mask, int numLowFrequencies) {}
