package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/**
 * Binary cross-entropy on logits, PyTorch's {@code nn.BCEWithLogitsLoss(reduction, pos_weight)}: for a
 * logit x and a target y in [0, 1], each element is
 * <pre>  −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))]</pre>
 * where p is {@code posWeight} (broadcast against the target, so a [C] tensor weighs the positives of
 * each class along the last dimension) or 1. It is computed as PyTorch does, as
 * (1 − y)·x + (1 + (p − 1)·y)·(log(e^(−m) + e^(−x−m)) + m) with m = max(−x, 0), so no exponential
 * exceeds 1 and logits of any size give finite values and gradients.
 */
public final class BCEWithLogitsLoss implements Loss {
    private final Reduction reduction;
    private final Tensor posWeight;

    /** Mean, no positive weight. */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN, null);
    }

    /** @param posWeight the weight of positive examples, broadcast against the target; null for none */
    public BCEWithLogitsLoss(Reduction reduction, Tensor posWeight) {
        this.reduction = reduction;
        this.posWeight = posWeight;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        Losses.checkSameShape("BCEWithLogitsLoss", input, target);
        Tensor m = input.neg().relu();
        // log(1 + e^(−x)), both exponents ≤ 0; m's own gradient cancels between the two terms
        Tensor softplusNeg = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
        Tensor positive = posWeight == null ? softplusNeg
                : posWeight.to(input.dtype()).to(input.device()).sub(1).mul(target).add(1).mul(softplusNeg);
        return reduction.apply(target.neg().add(1).mul(input).add(positive));
    }
}
