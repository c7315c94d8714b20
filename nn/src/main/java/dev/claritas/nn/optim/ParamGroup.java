package dev.claritas.nn.optim;

import dev.claritas.nn.Parameter;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Parameters that share hyperparameters, as an entry of PyTorch's {@code optimizer.param_groups}:
 * for example a backbone with a smaller learning rate than the head, or biases without weight decay.
 * The parameters are fixed; the options may change (schedulers set the learning rate and momentum).
 *
 * <pre>{@code
 * AdamOptions base = AdamW.defaults().withLr(1e-3);
 * var optimizer = new AdamW(new ParamGroup<>(backbone.parameters(), base.withLr(1e-4)),
 *                           new ParamGroup<>(head.parameters(), base));
 * }</pre>
 *
 * @param <O> the optimizer's options type
 */
public final class ParamGroup<O extends GroupOptions<O>> {
    private final List<Parameter> params;
    private O options;
    private double initialLr = Double.NaN;

    public ParamGroup(List<Parameter> params, O options) {
        this.params = List.copyOf(params);
        this.options = Objects.requireNonNull(options, "options");
    }

    public List<Parameter> params() {
        return params;
    }

    public O options() {
        return options;
    }

    public void setOptions(O options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public double lr() {
        return options.lr();
    }

    public void setLr(double lr) {
        options = options.withLr(lr);
    }

    /** See {@link GroupOptions#momentum()}. */
    public double momentum() {
        return options.momentum();
    }

    public void setMomentum(double momentum) {
        options = options.withMomentum(momentum);
    }

    /**
     * PyTorch's {@code initial_lr}: the learning rate schedules start from, recorded by the first
     * scheduler attached to the optimizer, so that a second scheduler (the one after a warm-up)
     * starts from the same value rather than from wherever the first left the lr.
     */
    public OptionalDouble initialLr() {
        return Double.isNaN(initialLr) ? OptionalDouble.empty() : OptionalDouble.of(initialLr);
    }

    public void setInitialLr(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("initial learning rate must be >= 0, got " + lr);
        }
        this.initialLr = lr;
    }
}
