package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Contrast change about each image's mean, {@code (x − mean)·c + mean} with {@code c} uniform in
 * [{@code low}, {@code high}] (the definition of torchvision's {@code adjust_contrast} with the mean
 * as the pivot, without clipping).
 */
public record RandomContrast(double low, double high) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        double c = low + (high - low) * random.nextDouble();
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            int[] dims = new int[x.rank() - 1];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = i + 1;
            }
            Tensor mean = x.mean(dims, true);
            out.add(x.sub(mean).mul(c).add(mean));
        }
        return out;
    }
}
