package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/** A loss function of a prediction and a target, reduced to a scalar. */
@FunctionalInterface
public interface Loss {
    Tensor apply(Tensor input, Tensor target);
}
