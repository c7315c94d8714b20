package dev.claritas.nn.optim;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RMSprop (Hinton's lecture 6e) as PyTorch implements it ({@code torch.optim.RMSprop}), in PyTorch
 * 1.13's order: L2 weight decay into the gradient; the running average of squared gradients; with
 * {@code centered}, the running average of gradients and the denominator
 * {@code sqrt(square_avg - grad_avg²)}; {@code eps} added after the square root; then either a
 * momentum buffer {@code buf = momentum·buf + grad/denom} (starting from zero) or the plain step.
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay or momentum, not centered. State per
 * parameter: {@code step}, {@code square_avg}, {@code momentum_buffer} with a momentum and
 * {@code grad_avg} when centered.
 */
public final class RMSprop extends Optimizer {
    private static final Set<String> STATE_KEYS = Set.of("step", "square_avg", "momentum_buffer", "grad_avg");

    /** PyTorch's per-parameter state; the optional buffers appear when their option is on. */
    private static final class State {
        long step;
        Tensor squareAvg, momentumBuffer, gradAvg;
    }

    private final State[] states;

    public RMSprop(List<Parameter> params) {
        this(params, defaults());
    }

    public RMSprop(List<Parameter> params, double lr) {
        this(params, defaults().withLr(lr));
    }

    public RMSprop(List<Parameter> params, RMSpropOptions options) {
        super(List.of(new ParamGroup<>(params, options)));
        this.states = new State[params().size()];
    }

    /** One optimizer over several groups, each with its own options. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied into an immutable list
    public RMSprop(ParamGroup<RMSpropOptions>... groups) {
        super(List.of(groups));
        this.states = new State[params().size()];
    }

    /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight decay 0, momentum 0, not centered. */
    public static RMSpropOptions defaults() {
        return new RMSpropOptions(1e-2, 0.99, 1e-8, 0, 0, false);
    }

    @Override
    void update(int group, int i, Parameter p) {
        RMSpropOptions o = (RMSpropOptions) paramGroups().get(group).options();
        Tensor w = p.value();
        Tensor g = p.grad();
        State s = states[i];
        if (s == null) {
            s = states[i] = new State();
            s.squareAvg = Scope.escape(w.zerosLike());
        }
        s.step++;
        if (o.weightDecay() != 0) {
            g = g.add(w.mul(o.weightDecay()));
        }
        s.squareAvg = Scope.escape(s.squareAvg.mul(o.alpha()).add(g.mul(g).mul(1 - o.alpha())));
        Tensor avg;
        if (o.centered()) {
            Tensor gradAvg = s.gradAvg == null ? w.zerosLike() : s.gradAvg;
            s.gradAvg = Scope.escape(gradAvg.mul(o.alpha()).add(g.mul(1 - o.alpha())));
            avg = s.squareAvg.sub(s.gradAvg.mul(s.gradAvg)).sqrt();
        } else {
            avg = s.squareAvg.sqrt();
        }
        avg = avg.add(o.eps());
        if (o.momentum() > 0) {
            Tensor buf = s.momentumBuffer == null ? w.zerosLike() : s.momentumBuffer;
            s.momentumBuffer = Scope.escape(buf.mul(o.momentum()).add(g.div(avg)));
            w.addInPlace(s.momentumBuffer, -o.lr());
        } else {
            w.addInPlace(g.div(avg), -o.lr());
        }
    }

    @Override
    Map<String, Tensor> paramState(int i) {
        State s = states[i];
        if (s == null) {
            return Map.of();
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", StateSection.count(s.step));
        out.put("square_avg", s.squareAvg);
        if (s.momentumBuffer != null) {
            out.put("momentum_buffer", s.momentumBuffer);
        }
        if (s.gradAvg != null) {
            out.put("grad_avg", s.gradAvg);
        }
        return out;
    }

    @Override
    Runnable readParamState(int i, Parameter p, StateSection entries) {
        entries.allowOnly(STATE_KEYS);
        if (entries.isEmpty()) {
            return () -> states[i] = null;
        }
        State s = new State();
        s.step = entries.count("step");
        s.squareAvg = entries.like("square_avg", p.value());
        s.momentumBuffer = entries.has("momentum_buffer") ? entries.like("momentum_buffer", p.value()) : null;
        s.gradAvg = entries.has("grad_avg") ? entries.like("grad_avg", p.value()) : null;
        return () -> states[i] = s;
    }
}
