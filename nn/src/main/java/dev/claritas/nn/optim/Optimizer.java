package dev.claritas.nn.optim;

import dev.claritas.autograd.GradMode;
import dev.claritas.nn.Parameter;
import java.util.List;

/** Updates parameters from their gradients. {@link #step()} runs without recording the graph. */
public abstract class Optimizer {
    protected final List<Parameter> params;
    private double lr;

    protected Optimizer(List<Parameter> params, double lr) {
        if (lr < 0) {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    public double lr() {
        return lr;
    }

    /** Changes the learning rate (schedulers call this). */
    public void setLr(double lr) {
        this.lr = lr;
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        params.forEach(p -> p.value().zeroGrad());
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        try (var noGrad = GradMode.disable()) {
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                if (p.grad() != null) {
                    update(i, p);
                }
            }
            afterStep();
        }
    }

    /** Updates parameter {@code index} in place from its gradient. */
    protected abstract void update(int index, Parameter p);

    /** Called once per step after every parameter was updated. */
    protected void afterStep() {}
}
