package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A rotation by a uniformly drawn multiple of 90° ({@code torch.rot90}) in the H–W plane (2-D) or in a
 * uniformly drawn plane of the three (3-D). Non-square planes swap their sizes.
 */
public record RandomRot90() implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        int dims = Augmentation.spatialDims(tensors.getFirst());
        int k = random.nextInt(4);
        int[][] planes = dims == 2 ? new int[][] {{2, 3}} : new int[][] {{2, 3}, {2, 4}, {3, 4}};
        int[] plane = planes[random.nextInt(planes.length)];
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(Geometry.rot90(x, k, plane[0], plane[1]));
        }
        return out;
    }
}
