package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/** Mean absolute error, PyTorch's {@code nn.L1Loss()} with reduction "mean". */
public final class L1Loss implements Loss {
    @Override
    public Tensor apply(Tensor input, Tensor target) {
        return Ops.l1Loss(input, target);
    }
}
