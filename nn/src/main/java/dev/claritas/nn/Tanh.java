package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/** The hyperbolic tangent, PyTorch's {@code nn.Tanh}. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
