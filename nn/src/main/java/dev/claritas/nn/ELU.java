package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/** x for x > 0, else α·(eˣ − 1): PyTorch's {@code nn.ELU} (α = 1 by default). */
public class ELU extends Module {
    private final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        // exp of min(x, 0): exp(x) of a large positive x is infinite, and its zero gradient through
        // where() times that infinity would be NaN. The clamp's gradient is 1 at x = 0, so there the
        // gradient is α, as in PyTorch.
        Tensor negative = x.clamp(Double.NaN, 0).exp().sub(1).mul(alpha);
        return Ops.where(x.gt(0), x, negative);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + Repr.number(alpha);
    }
}
