package dev.claritas.mri.augment;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomBlur}: a Gaussian blur with one σ (in voxels) per spatial axis, each uniform
 * in [{@code stdLow}, {@code stdHigh}]. The filter is scipy's {@code ndimage.gaussian_filter} (which
 * TorchIO calls): a sampled Gaussian of radius {@code int(4σ + ½)} normalised to sum 1, separable, with
 * the "reflect" border ({@code d c b a | a b c d}); built from {@code indexSelect}s, so differentiable.
 */
public record RandomBlur(double stdLow, double stdHigh) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        int dims = Augmentation.spatialDims(tensors.getFirst());
        double[] sigma = new double[dims];
        for (int i = 0; i < dims; i++) {
            sigma[i] = stdLow + (stdHigh - stdLow) * random.nextDouble();
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(blur(x, sigma));
        }
        return out;
    }

    /** Gaussian filter of the spatial axes of [N, C, ...] with the given σ per axis. */
    public static Tensor blur(Tensor x, double[] sigma) {
        Tensor y = x;
        for (int a = 0; a < sigma.length; a++) {
            y = blurAxis(y, 2 + a, sigma[a]);
        }
        return y;
    }

    static Tensor blurAxis(Tensor x, int dim, double sigma) {
        if (sigma <= 0) {
            return x;
        }
        int n = x.size(dim);
        int radius = (int) (4.0 * sigma + 0.5);
        double[] phi = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            phi[k + radius] = Math.exp(-0.5 / (sigma * sigma) * k * k);
            sum += phi[k + radius];
        }
        Tensor out = null;
        for (int k = -radius; k <= radius; k++) {
            long[] idx = new long[n];
            for (int i = 0; i < n; i++) {
                idx[i] = reflect(i + k, n);
            }
            Tensor term = Ops.indexSelect(x, dim, Tensor.of(idx, n).to(x.device())).mul(phi[k + radius] / sum);
            out = out == null ? term : out.add(term);
        }
        return out;
    }

    /** scipy's "reflect" border: the edge sample repeated, period 2n. */
    static int reflect(int i, int n) {
        int p = Math.floorMod(i, 2 * n);
        return p < n ? p : 2 * n - 1 - p;
    }
}
