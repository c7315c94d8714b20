package dev.claritas.mri.augment;

import dev.claritas.mri.preprocess.AxisResampler;
import dev.claritas.mri.preprocess.AxisResampler.Grid;
import dev.claritas.mri.preprocess.AxisResampler.Kernel;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * After TorchIO's {@code RandomAnisotropy}: one uniformly drawn spatial axis is downsampled by a factor
 * uniform in [{@code low}, {@code high}] (TorchIO: 1.5–5) and resampled back to its size, simulating
 * thick slices. TorchIO downsamples with nearest neighbours and upsamples linearly in world
 * coordinates; here both steps are linear ({@link AxisResampler}: half-pixel grid down, corner-aligned
 * grid back up), which keeps the result differentiable. The shape is preserved.
 */
public record RandomAnisotropy(double low, double high) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        int dims = Augmentation.spatialDims(tensors.getFirst());
        int axis = 2 + random.nextInt(dims);
        double factor = low + (high - low) * random.nextDouble();
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            int n = x.size(axis);
            int m = Math.max(1, (int) Math.rint(n / factor));
            Tensor down = AxisResampler.resample(x, axis, m, Kernel.LINEAR, Grid.HALF_PIXEL);
            out.add(AxisResampler.resample(down, axis, n, Kernel.LINEAR, Grid.ALIGN_CORNERS));
        }
        return out;
    }
}
