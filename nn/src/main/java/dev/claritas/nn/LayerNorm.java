package dev.claritas.nn;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation over the trailing dimensions, PyTorch's {@code nn.LayerNorm}: each input of
 * shape [*, normalizedShape...] is normalised over its last {@code normalizedShape.length}
 * dimensions with their mean and biased variance, then, with {@code elementwiseAffine}, multiplied
 * by a weight (1 at first) and shifted by a bias (0 at first), both of {@code normalizedShape}.
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalized_shape needs at least one dimension");
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        int k = normalizedShape.length;
        int[] shape = x.shape().toArray();
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm: expects input [*, " + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "")
                    + "], got " + x.shape());
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = shape.length - k + i;
        }
        Tensor normalized = Normalization.standardize(x, dims, eps);
        // weight and bias have the trailing shape, so they broadcast over the leading dimensions
        return weight == null ? normalized : normalized.mul(weight.value()).add(bias.value());
    }

    @Override
    protected String extraRepr() {
        return Repr.tuple(normalizedShape) + ", eps=" + Repr.number(eps) + ", elementwise_affine=" + Repr.bool(weight != null);
    }
}
