package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomBiasField}: a smooth multiplicative field {@code exp(Σ c_ijk·x^i·y^j·z^k)} over
 * all monomials of total degree ≤ {@code order} (TorchIO's default 3) of the normalised coordinates
 * (each axis {@code linspace(−1, 1, n)}), coefficients uniform in [−{@code coefficient}, {@code coefficient}]
 * (TorchIO's default 0.5). The field is positive and smooth by construction; 2-D images use x and y.
 */
public record RandomBiasField(double coefficient, int order) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        Tensor first = tensors.getFirst();
        int dims = Augmentation.spatialDims(first);
        int[] size = new int[dims];
        for (int i = 0; i < dims; i++) {
            size[i] = first.size(2 + i);
        }
        List<int[]> terms = new ArrayList<>();
        for (int i = 0; i <= order; i++) {
            for (int j = 0; j <= order - i; j++) {
                for (int k = 0; k <= (dims == 3 ? order - i - j : 0); k++) {
                    terms.add(new int[] {i, j, k});
                }
            }
        }
        double[] coeffs = new double[terms.size()];
        for (int t = 0; t < coeffs.length; t++) {
            coeffs[t] = -coefficient + 2 * coefficient * random.nextDouble();
        }
        Tensor field = field(size, terms, coeffs);
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(x.mul(field.to(x.dtype()).to(x.device())));
        }
        return out;
    }

    /** The field over the spatial grid, shaped [1, 1, ...size] to broadcast. */
    static Tensor field(int[] size, List<int[]> terms, double[] coeffs) {
        int n = 1;
        for (int s : size) {
            n *= s;
        }
        double[] f = new double[n];
        int[] at = new int[size.length];
        for (int p = 0; p < n; p++) {
            int rest = p;
            for (int a = size.length - 1; a >= 0; a--) {
                at[a] = rest % size[a];
                rest /= size[a];
            }
            double[] c = new double[3];
            for (int a = 0; a < size.length; a++) {
                c[a] = size[a] > 1 ? -1 + 2.0 * at[a] / (size[a] - 1) : 0;
            }
            double log = 0;
            for (int t = 0; t < coeffs.length; t++) {
                int[] e = terms.get(t);
                log += coeffs[t] * Math.pow(c[0], e[0]) * Math.pow(c[1], e[1]) * Math.pow(c[2], e[2]);
            }
            f[p] = Math.exp(log);
        }
        int[] shape = new int[size.length + 2];
        shape[0] = 1;
        shape[1] = 1;
        System.arraycopy(size, 0, shape, 2, size.length);
        return Tensor.of(f, shape);
    }
}
