package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A random transform of [N, C, H, W] (2-D) or [N, C, D, H, W] (3-D) float tensors. Its parameters are
 * drawn once per call from {@code random} and the same transform is applied to every tensor of the
 * list (input and target of a training pair, a mask), so a seeded {@link java.util.SplittableRandom}
 * reproduces a call exactly. Transforms that draw noise seed a fresh
 * {@link dev.claritas.tensor.Generator} per tensor with one drawn seed, so every tensor gets the same
 * noise too.
 */
public interface Augmentation {

    /** The transformed tensors, in the order given. */
    List<Tensor> apply(List<Tensor> tensors, RandomGenerator random);

    /** The number of spatial axes of an [N, C, ...] tensor: 2 or 3. */
    static int spatialDims(Tensor x) {
        if (x.rank() != 4 && x.rank() != 5) {
            throw new IllegalArgumentException("augmentations expect [N, C, H, W] or [N, C, D, H, W], got " + x.shape());
        }
        return x.rank() - 2;
    }
}
