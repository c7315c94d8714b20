package dev.claritas.mri.augment;

import dev.claritas.mri.degrade.KspaceTruncation;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Gibbs ringing: k-space hard-truncated to a central fraction uniform in [{@code low}, {@code high}] and
 * zero-filled back to the image size ({@link KspaceTruncation#lowPass} with no window), magnitude kept.
 */
public record RandomGibbs(double low, double high) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        double fraction = low + (high - low) * random.nextDouble();
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(KspaceTruncation.lowPass(x, fraction, 0));
        }
        return out;
    }
}
