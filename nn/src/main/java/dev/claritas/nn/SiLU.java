package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/** x·σ(x), PyTorch's {@code nn.SiLU} (also called swish). */
public class SiLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.mul(x.sigmoid());
    }
}
