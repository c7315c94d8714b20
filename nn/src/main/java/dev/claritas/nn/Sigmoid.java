package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/** The logistic function 1/(1 + e⁻ˣ), PyTorch's {@code nn.Sigmoid}. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
