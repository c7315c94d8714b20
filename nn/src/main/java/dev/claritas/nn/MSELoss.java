package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/** Mean squared error, PyTorch's {@code nn.MSELoss()} with reduction "mean". */
public final class MSELoss implements Loss {
    @Override
    public Tensor apply(Tensor input, Tensor target) {
        return Ops.mseLoss(input, target);
    }
}
