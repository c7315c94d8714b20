package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/**
 * Group normalisation of [N, C, *], PyTorch's {@code nn.GroupNorm}: the channels are split into
 * {@code numGroups} groups, and each group of each sample is normalised with its own mean and
 * biased variance; then an optional per-channel affine map (weight 1, bias 0 at first). The same in
 * training and evaluation.
 */
public class GroupNorm extends Module {
    private final int numGroups;
    private final int numChannels;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups < 1 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels " + numChannels + " must be divisible by num_groups " + numGroups);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numChannels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numChannels)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.size(1) != numChannels) {
            throw new IllegalArgumentException("GroupNorm(" + numGroups + ", " + numChannels + "): expects input [N, "
                    + numChannels + ", *], got " + x.shape());
        }
        Tensor grouped = x.reshape(x.size(0), numGroups, -1);
        Tensor normalized = Normalization.standardize(grouped, new int[] {2}, eps).reshape(x.shape().toArray());
        return Normalization.affine(normalized, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + Repr.number(eps) + ", affine=" + Repr.bool(weight != null);
    }
}
