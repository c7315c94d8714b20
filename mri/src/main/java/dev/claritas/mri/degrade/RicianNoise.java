package dev.claritas.mri.degrade;

import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Rician noise, the noise of magnitude MRI: Gaussian noise of standard deviation σ on the real and
 * imaginary channels, then the magnitude: {@code sqrt((x + n₁)² + n₂²)}.
 */
public final class RicianNoise {
    private RicianNoise() {}

    /** Adds Rician noise of standard deviation {@code sigma} (a tensor broadcast against x, e.g. one σ per image). */
    public static Tensor apply(Tensor clean, Tensor sigma, Generator gen) {
        int[] shape = clean.shape().toArray();
        Tensor n1 = Ops.normal(shape, 0, 1, clean.dtype(), clean.device(), gen).mul(sigma);
        Tensor n2 = Ops.normal(shape, 0, 1, clean.dtype(), clean.device(), gen).mul(sigma);
        Tensor re = clean.add(n1);
        return re.mul(re).add(n2.mul(n2)).sqrt();
    }

    /** Adds Rician noise of one standard deviation to every element. */
    public static Tensor apply(Tensor clean, double sigma, Generator gen) {
        return apply(clean, Tensor.scalar(sigma, clean.dtype(), clean.device()), gen);
    }
}
