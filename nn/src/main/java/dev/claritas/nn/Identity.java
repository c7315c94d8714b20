package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/** Returns its input unchanged, PyTorch's {@code nn.Identity}: a placeholder where a layer is optional. */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
