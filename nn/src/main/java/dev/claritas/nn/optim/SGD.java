package dev.claritas.nn.optim;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with PyTorch's momentum, dampening, Nesterov and weight-decay
 * semantics ({@code torch.optim.SGD}). The momentum buffer starts as the first gradient, as in PyTorch.
 * State per parameter: {@code momentum_buffer}, once a step ran with a momentum.
 */
public final class SGD extends Optimizer {
    private static final Set<String> STATE_KEYS = Set.of("momentum_buffer");

    private final Tensor[] buffers;

    public SGD(List<Parameter> params, double lr) {
        this(params, SGDOptions.of(lr));
    }

    public SGD(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this(params, new SGDOptions(lr, momentum, dampening, weightDecay, nesterov));
    }

    public SGD(List<Parameter> params, SGDOptions options) {
        super(List.of(new ParamGroup<>(params, options)));
        this.buffers = new Tensor[params().size()];
    }

    /** One optimizer over several groups, each with its own options. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied into an immutable list
    public SGD(ParamGroup<SGDOptions>... groups) {
        super(List.of(groups));
        this.buffers = new Tensor[params().size()];
    }

    @Override
    void update(int group, int i, Parameter p) {
        SGDOptions o = (SGDOptions) paramGroups().get(group).options();
        Tensor w = p.value();
        Tensor d = p.grad();
        if (o.weightDecay() != 0) {
            d = d.add(w.mul(o.weightDecay()));
        }
        if (o.momentum() != 0) {
            Tensor buffer = buffers[i] == null ? d.copy() : buffers[i].mul(o.momentum()).add(d.mul(1 - o.dampening()));
            buffers[i] = Scope.escape(buffer);
            d = o.nesterov() ? d.add(buffers[i].mul(o.momentum())) : buffers[i];
        }
        w.addInPlace(d, -o.lr());
    }

    @Override
    Map<String, Tensor> paramState(int i) {
        return buffers[i] == null ? Map.of() : Map.of("momentum_buffer", buffers[i]);
    }

    @Override
    Runnable readParamState(int i, Parameter p, StateSection entries) {
        entries.allowOnly(STATE_KEYS);
        Tensor buffer = entries.isEmpty() ? null : entries.like("momentum_buffer", p.value());
        return () -> buffers[i] = buffer;
    }
}
