package dev.claritas.nn.optim;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import java.util.List;

/** Stochastic gradient descent with PyTorch's momentum, dampening, Nesterov and weight-decay semantics. */
public final class SGD extends Optimizer {
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;
    private final Tensor[] buffers;

    public SGD(List<Parameter> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    public SGD(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum > 0 and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.buffers = new Tensor[this.params.size()];
    }

    @Override
    protected void update(int i, Parameter p) {
        Tensor w = p.value();
        Tensor d = p.grad();
        if (weightDecay != 0) {
            d = d.add(w.mul(weightDecay));
        }
        if (momentum != 0) {
            buffers[i] = buffers[i] == null ? d.copy() : buffers[i].mul(momentum).add(d.mul(1 - dampening));
            d = nesterov ? d.add(buffers[i].mul(momentum)) : buffers[i];
        }
        w.addInPlace(d, -lr());
    }
}
