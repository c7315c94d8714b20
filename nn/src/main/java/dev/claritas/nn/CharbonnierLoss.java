package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/**
 * The Charbonnier loss, a differentiable L1: each element is √((input − target)² + ε²), reduced by
 * the mean by default (as in LapSRN and the restoration literature; PyTorch has no such class). Note
 * that a perfect prediction scores ε, not 0.
 */
public final class CharbonnierLoss implements Loss {
    /** ε's usual value. */
    public static final double DEFAULT_EPS = 1e-3;

    private final double eps;
    private final Reduction reduction;

    /** ε = 1e-3, mean. */
    public CharbonnierLoss() {
        this(DEFAULT_EPS, Reduction.MEAN);
    }

    public CharbonnierLoss(double eps, Reduction reduction) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("CharbonnierLoss: eps must be positive, got " + eps);
        }
        this.eps = eps;
        this.reduction = reduction;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        Losses.checkSameShape("CharbonnierLoss", input, target);
        return reduction.apply(input.sub(target).square().add(eps * eps).sqrt());
    }

    @Override
    public String toString() {
        return "CharbonnierLoss(eps=" + eps + ", reduction=" + reduction.name().toLowerCase() + ")";
    }
}
