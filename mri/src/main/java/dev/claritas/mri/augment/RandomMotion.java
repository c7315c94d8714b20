package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomMotion}, in-plane: the subject moves {@code transforms} times during the scan. Each
 * movement is a rigid transform of the H–W plane (every slice of a volume alike) with an angle uniform in
 * [−{@code degrees}, {@code degrees}] and a translation per axis uniform in [−{@code translation},
 * {@code translation}] voxels (TorchIO: mm, and 3-D rotations); the times are sorted uniform draws in
 * [0, 1). As in TorchIO, k-space is read out along W in the order of the columns: columns before the first
 * time come from the unmoved image's k-space, those between time i and i+1 from the k-space of the image
 * after movement i+1. The result is the real part of the inverse FFT ({@link Kspace}). TorchIO's defaults:
 * 10°, 10 mm, 2 transforms.
 */
public record RandomMotion(double degrees, double translation, int transforms) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        int dims = Augmentation.spatialDims(tensors.getFirst());
        double[] angle = new double[transforms];
        double[][] shift = new double[transforms][dims];
        for (int i = 0; i < transforms; i++) {
            angle[i] = RandomAffine.uniform(random, -degrees, degrees);
            shift[i][dims - 2] = RandomAffine.uniform(random, -translation, translation);
            shift[i][dims - 1] = RandomAffine.uniform(random, -translation, translation);
        }
        double[] times = new double[transforms];
        for (int i = 0; i < transforms; i++) {
            times[i] = random.nextDouble();
        }
        Arrays.sort(times);
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(move(x, angle, shift, times));
        }
        return out;
    }

    /** The image whose k-space columns come, segment by segment, from the moved copies of {@code x}. */
    static Tensor move(Tensor x, double[] angle, double[][] shift, double[] times) {
        int dims = Augmentation.spatialDims(x);
        int w = x.size(-1);
        double[] scale = new double[dims];
        Arrays.fill(scale, 1);
        Tensor kspace = null;
        int start = 0;
        for (int i = 0; i <= times.length; i++) {
            int end = i < times.length ? (int) (times[i] * w) : w;
            if (end > start) {
                Tensor image = i == 0 ? x
                        : RandomAffine.transform(x, scale, inPlane(dims, angle[i - 1]), shift[i - 1]);
                double[] columns = new double[w];
                Arrays.fill(columns, start, end, 1);
                // [W, 1] broadcasts over [..., H, W, 2]
                Tensor part = Kspace.forward(image).mul(Tensor.of(columns, w, 1).to(x.dtype()).to(x.device()));
                kspace = kspace == null ? part : kspace.add(part);
                start = end;
            }
        }
        return Kspace.inverseReal(kspace);
    }

    /** A rotation of the H–W plane only, axis order (D,) H, W. */
    private static double[][] inPlane(int dims, double degrees) {
        double[] angles = new double[dims == 2 ? 1 : 3];
        angles[0] = degrees;
        return RandomAffine.rotation(angles);
    }
}
