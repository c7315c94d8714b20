package dev.claritas.nn.optim;

import dev.claritas.tensor.Tensor;
import java.util.Map;

/**
 * The hyperparameters of one parameter group: the values of a PyTorch {@code param_groups} entry
 * other than {@code params}. Implementations are immutable records; the {@code with...} methods
 * return changed copies.
 *
 * @param <O> the implementing type
 */
public interface GroupOptions<O extends GroupOptions<O>> {
    /** The learning rate. */
    double lr();

    O withLr(double lr);

    /**
     * The momentum that {@link OneCycleLR} cycles: SGD's and RMSprop's {@code momentum}, Adam's
     * {@code beta1} (PyTorch uses {@code betas[0]} when an optimizer has betas).
     */
    double momentum();

    O withMomentum(double momentum);

    /** The options under PyTorch's names ({@code lr}, {@code betas}, {@code weight_decay}, ...), as scalar tensors. */
    Map<String, Tensor> toStateDict();

    /** Options read from what {@link #toStateDict()} wrote; an entry missing or of another optimizer is an error. */
    O fromStateDict(Map<String, Tensor> entries);
}
