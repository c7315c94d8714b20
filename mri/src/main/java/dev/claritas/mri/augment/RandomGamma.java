package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomGamma}: {@code x^γ} with {@code log γ} uniform in
 * [{@code logLow}, {@code logHigh}] (TorchIO's default ±0.3). Negative values are clamped to 0 first,
 * since a real power of a negative number is undefined (intensities are magnitudes).
 */
public record RandomGamma(double logLow, double logHigh) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        double gamma = Math.exp(logLow + (logHigh - logLow) * random.nextDouble());
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(gamma(x, gamma));
        }
        return out;
    }

    /** {@code max(x, 0)^γ}; γ = 1 returns x unchanged. */
    public static Tensor gamma(Tensor x, double gamma) {
        return gamma == 1 ? x : x.clamp(0, Double.MAX_VALUE).pow(gamma);
    }
}
