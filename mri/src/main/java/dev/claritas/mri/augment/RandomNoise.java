package dev.claritas.mri.augment;

import dev.claritas.mri.degrade.RicianNoise;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomNoise} (Gaussian, {@code x + N(0, σ²)}) or Rician noise
 * ({@link RicianNoise}), with σ uniform in [{@code stdLow}, {@code stdHigh}]. Every tensor of the list
 * gets the same noise (one seed drawn per call).
 */
public record RandomNoise(double stdLow, double stdHigh, boolean rician) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        double std = stdLow + (stdHigh - stdLow) * random.nextDouble();
        long seed = random.nextLong();
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            Generator gen = new Generator(seed);
            out.add(rician
                    ? RicianNoise.apply(x, std, gen)
                    : x.add(Ops.normal(x.shape().toArray(), 0, std, x.dtype(), x.device(), gen)));
        }
        return out;
    }
}
