package dev.claritas.nn;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * A layer whose weight is divided by its spectral norm (Miyato et al. 2018), as PyTorch's
 * {@code torch.nn.utils.spectral_norm(layer)} makes it: the layer computes with
 * {@code weight_orig / σ}, where σ, the largest singular value of {@code weight_orig} seen as a
 * matrix [size(dim), everything else], is estimated by power iteration with the vectors u and v.
 *
 * <p>In training, every forward first runs {@code n_power_iterations} steps (one by default)
 * outside autograd: v ← normalize(Wᵀu), u ← normalize(Wv), with normalize(x) = x / max(‖x‖, eps)
 * and eps = 1e-12, as {@code F.normalize}; then σ = uᵀWv with u and v held constant, so the
 * gradient reaches {@code weight_orig} through σ as well. In evaluation the stored u and v are used
 * as they are. u and v start as normalised standard-normal draws from the default
 * {@link Generator}; load PyTorch's to continue its iteration. Keys are PyTorch's:
 * {@code bias} (when the layer has one), {@code weight_orig}, and the buffers {@code weight_u} and
 * {@code weight_v}.
 *
 * <p>PyTorch swaps the layer's weight attribute for the normalised tensor in a forward pre-hook. A
 * Claritas layer reads its weight from a {@link Parameter}, which only holds trainable leaves, so
 * this module does the layer's computation itself, with the normalised weight:
 * {@link #linear}, {@link #conv2d} and {@link #convTranspose2d} build the common ones (initialised as
 * the plain layers are), and the constructor takes any other as a {@link WeightedOp}.
 */
public final class SpectralNorm extends Module {
    /** A layer's computation from its input, its weight and its bias (null when it has none). */
    @FunctionalInterface
    public interface WeightedOp {
        Tensor apply(Tensor input, Tensor weight, Tensor bias);
    }

    /** PyTorch's default {@code eps}, the floor of the norms the power iteration divides by. */
    public static final double DEFAULT_EPS = 1e-12;

    private final Parameter bias;
    private final Parameter weightOrig;
    private final Buffer u;
    private final Buffer v;
    private final int dim;
    private final int powerIterations;
    private final double eps;
    private final WeightedOp op;

    /**
     * @param weight          the initial weight (copied into {@code weight_orig})
     * @param bias            the initial bias, or null for a layer without one
     * @param dim             the weight dimension that indexes outputs: 0, or 1 for transposed convolutions
     * @param powerIterations power-iteration steps per training forward (PyTorch's {@code n_power_iterations})
     * @param eps             the floor of the norms divided by
     * @param op              the layer's computation
     */
    public SpectralNorm(Tensor weight, Tensor bias, int dim, int powerIterations, double eps, WeightedOp op) {
        if (weight.rank() < 1 || dim < 0 || dim >= weight.rank() || powerIterations < 0 || !(eps > 0)) {
            throw new IllegalArgumentException("SpectralNorm: needs a weight with dimension dim, n_power_iterations >= 0 "
                    + "and eps > 0, got weight " + weight.shape() + ", dim " + dim + ", n_power_iterations "
                    + powerIterations + ", eps " + eps);
        }
        this.dim = dim;
        this.powerIterations = powerIterations;
        this.eps = eps;
        this.op = op;
        // PyTorch's order: spectral_norm re-registers the weight as weight_orig after the bias.
        this.bias = bias == null ? null : registerParameter("bias", bias.detach().copy());
        this.weightOrig = registerParameter("weight_orig", weight.detach().copy());
        Tensor matrix = matrix(weight);
        this.u = registerBuffer("weight_u", randomUnit(matrix.size(0), weight));
        this.v = registerBuffer("weight_v", randomUnit(matrix.size(1), weight));
    }

    /** {@code spectral_norm(nn.Linear(in, out, bias))}. */
    public static SpectralNorm linear(int inFeatures, int outFeatures, boolean bias) {
        Linear layer = new Linear(inFeatures, outFeatures, bias);
        return new SpectralNorm(layer.weight().value(), bias ? layer.bias().value() : null, 0, 1, DEFAULT_EPS,
                SpectralNorm::linearOp);
    }

    /** {@code spectral_norm(nn.Conv2d(in, out, kernel, stride, padding, bias=bias))}. */
    public static SpectralNorm conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        Conv2d layer = new Conv2d(inChannels, outChannels, kernelSize, stride, padding, bias);
        return new SpectralNorm(layer.weight().value(), bias ? layer.bias().value() : null, 0, 1, DEFAULT_EPS,
                (x, w, b) -> Ops.conv2d(x, w, b, stride, padding));
    }

    /**
     * {@code spectral_norm(nn.ConvTranspose2d(in, out, kernel, stride, padding, bias=bias))}: the
     * weight is [in, out, k, k], so, as in PyTorch, the norm is taken with dim 1 as the rows.
     */
    public static SpectralNorm convTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding,
                                               boolean bias) {
        int[] k = {kernelSize, kernelSize}, s = {stride, stride}, p = {padding, padding}, none = {0, 0}, one = {1, 1};
        ConvTranspose2d layer = new ConvTranspose2d(inChannels, outChannels, k, s, p, none, 1, bias, one);
        return new SpectralNorm(layer.weight().value(), bias ? layer.bias().value() : null, 1, 1, DEFAULT_EPS,
                (x, w, b) -> Ops.convTranspose2d(x, w, b, s, p, none, 1, one));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor weight = weightOrig.value();
        if (isTraining()) {
            powerIteration(matrix(weight));
        }
        Tensor sigma = u.value().mul(matrix(weight).matmul(v.value())).sum();
        return op.apply(input, weight.div(sigma), bias == null ? null : bias.value());
    }

    private void powerIteration(Tensor matrix) {
        try (var noGrad = GradMode.disable()) {
            Tensor uu = u.value();
            Tensor vv = v.value();
            for (int i = 0; i < powerIterations; i++) {
                vv = normalize(matrix.t().matmul(uu));
                uu = normalize(matrix.matmul(vv));
            }
            u.set(uu);
            v.set(vv);
        }
    }

    private Tensor normalize(Tensor x) {
        return x.div(x.square().sum().sqrt().clamp(eps, Double.NaN));
    }

    /** The weight as a matrix [size(dim), everything else], dimension {@code dim} moved to the front. */
    private Tensor matrix(Tensor weight) {
        Tensor w = weight;
        if (dim != 0) {
            int[] order = new int[weight.rank()];
            order[0] = dim;
            for (int i = 0, j = 1; i < order.length; i++) {
                if (i != dim) {
                    order[j++] = i;
                }
            }
            w = weight.permute(order);
        }
        return w.reshape(w.size(0), -1);
    }

    private Tensor randomUnit(int size, Tensor like) {
        return normalize(Ops.normal(new int[] {size}, 0, 1, like.dtype(), like.device(), Generator.defaultGenerator()));
    }

    /** x·Wᵀ + b over the last dimension, as {@link Linear}. */
    private static Tensor linearOp(Tensor x, Tensor weight, Tensor bias) {
        if (x.rank() < 1 || x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("SpectralNorm(Linear): expects input [*, " + weight.size(1) + "], got "
                    + x.shape());
        }
        int[] outShape = x.shape().toArray();
        outShape[outShape.length - 1] = weight.size(0);
        Tensor y = x.reshape(-1, weight.size(1)).matmul(weight.t()).reshape(outShape);
        return bias == null ? y : y.add(bias);
    }

    @Override
    protected String extraRepr() {
        return "weight_orig=" + Arrays.toString(weightOrig.value().shape().toArray()) + ", dim=" + dim
                + ", n_power_iterations=" + powerIterations + ", eps=" + Repr.number(eps);
    }
}
