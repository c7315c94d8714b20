package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Smooth L1 (Huber-like) loss, PyTorch's {@code nn.SmoothL1Loss(reduction, beta)}: with d = input − target,
 * each element is 0.5·d²/β where |d| &lt; β and |d| − 0.5·β elsewhere; β = 0 gives the L1 loss.
 */
public final class SmoothL1Loss implements Loss {
    private final double beta;
    private final Reduction reduction;

    /** β = 1, mean: PyTorch's defaults. */
    public SmoothL1Loss() {
        this(1.0, Reduction.MEAN);
    }

    public SmoothL1Loss(double beta, Reduction reduction) {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
        }
        this.beta = beta;
        this.reduction = reduction;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        Losses.checkSameShape("SmoothL1Loss", input, target);
        Tensor d = input.sub(target);
        Tensor abs = d.abs();
        if (beta == 0) {
            // The quadratic branch would divide by zero, and where() still differentiates it.
            return reduction.apply(abs);
        }
        Tensor quadratic = d.square().mul(0.5 / beta);
        return reduction.apply(Ops.where(abs.lt(beta), quadratic, abs.sub(0.5 * beta)));
    }

    @Override
    public String toString() {
        return "SmoothL1Loss(beta=" + beta + ", reduction=" + reduction.name().toLowerCase() + ")";
    }
}
