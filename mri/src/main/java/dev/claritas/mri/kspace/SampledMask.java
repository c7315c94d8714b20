package dev.claritas.mri.kspace;

import dev.claritas.tensor.Tensor;

/**
 * What a {@link MaskFunc} returns (fastMRI's {@code (mask, num_low_frequencies)}).
 *
 * @param mask float32 {@code [1, ..., 1, W, 1]}, 1 on sampled lines, broadcastable against k-space
 * @param numLowFrequencies the number of fully sampled centre lines (E2E-VarNet estimates coil
 *     sensitivities from them, see {@link Coils#estimateSensitivities})
 */
public record SampledMask(Tensor mask, int numLowFrequencies) {}
