package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/** Augmentations applied one after the other, all drawing from the same random stream. */
public record Compose(List<Augmentation> steps) implements Augmentation {

    public Compose {
        steps = List.copyOf(steps);
    }

    public static Compose of(Augmentation... steps) {
        return new Compose(List.of(steps));
    }

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        List<Tensor> out = tensors;
        for (Augmentation a : steps) {
            out = a.apply(out, random);
        }
        return out;
    }
}
