package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Flips each spatial axis with probability {@code p} (TorchIO's {@code RandomFlip} over all axes). */
public record RandomFlip(double p) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        int dims = Augmentation.spatialDims(tensors.getFirst());
        boolean[] flip = new boolean[dims];
        for (int i = 0; i < dims; i++) {
            flip[i] = random.nextDouble() < p;
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            Tensor y = x;
            for (int i = 0; i < dims; i++) {
                if (flip[i]) {
                    y = Geometry.flip(y, 2 + i);
                }
            }
            out.add(y);
        }
        return out;
    }
}
