package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/** max(0, x). */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
