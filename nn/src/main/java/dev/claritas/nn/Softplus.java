package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * log(1 + e^(β·x))/β, PyTorch's {@code nn.Softplus} (β = 1, threshold = 20 by default): where
 * β·x exceeds the threshold the output is x itself, as in PyTorch. Below the threshold the value
 * is computed stably, so it stays finite for any threshold (PyTorch's log1p(exp(β·x)) overflows
 * for β·x above about 88 when the threshold is raised that high).
 */
public class Softplus extends Module {
    private final double beta;
    private final double threshold;

    public Softplus() {
        this(1, 20);
    }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor z = beta == 1 ? x : x.mul(beta);
        // softplus(z) = max(z, 0) + log(1 + e^(−|z|)): e^(−|z|) ≤ 1 never overflows. −|z| is built
        // with where() rather than abs() so that its derivative at z = 0 is 1, not abs's 0, which
        // makes the gradient there σ(0) = ½, as in PyTorch.
        Tensor negAbs = Ops.where(z.gt(0), z.neg(), z);
        Tensor soft = z.relu().add(negAbs.exp().add(1).log());
        if (beta != 1) {
            soft = soft.div(beta);
        }
        return Ops.where(z.gt(threshold), x, soft);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + Repr.compact(beta) + ", threshold=" + Repr.compact(threshold);
    }
}
