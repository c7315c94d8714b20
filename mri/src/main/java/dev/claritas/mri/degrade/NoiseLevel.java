package dev.claritas.mri.degrade;

import dev.claritas.tensor.Tensor;

/**
 * Noise levels relative to the signal: a fraction of each image's maximum, the usual way MRI
 * denoising papers state Rician noise ("σ = 5 % of the maximum intensity"). The result broadcasts
 * against the image, ready for {@link RicianNoise#apply(Tensor, Tensor, dev.claritas.tensor.Generator)}.
 */
public final class NoiseLevel {
    private NoiseLevel() {}

    /** {@code fraction · max} over every axis but the first, shaped {@code [N, 1, ..., 1]}. */
    public static Tensor fractionOfMax(Tensor x, double fraction) {
        int[] dims = new int[x.rank() - 1];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i + 1;
        }
        return x.amax(dims, true).mul(fraction);
    }
}
