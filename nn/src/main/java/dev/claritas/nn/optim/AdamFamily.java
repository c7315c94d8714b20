package dev.claritas.nn.optim;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The update shared by {@link Adam} and {@link AdamW}, which differ only in how weight decay
 * enters: added to the gradient (L2) or applied to the weights directly (decoupled). Follows
 * PyTorch 1.13's single-tensor implementation: bias-corrected moments, {@code eps} added after the
 * square root, AMSGrad on the running maximum of the second moment.
 */
abstract sealed class AdamFamily extends Optimizer permits Adam, AdamW {
    private static final Set<String> STATE_KEYS = Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq");

    /** PyTorch's per-parameter state; {@code maxExpAvgSq} only with AMSGrad. */
    private static final class State {
        long step;
        Tensor expAvg, expAvgSq, maxExpAvgSq;
    }

    private final boolean decoupledWeightDecay;
    private final State[] states;

    AdamFamily(List<ParamGroup<AdamOptions>> groups, boolean decoupledWeightDecay) {
        super(groups);
        this.decoupledWeightDecay = decoupledWeightDecay;
        this.states = new State[params().size()];
    }

    /**
     * Updates the moments and the weights in place, as PyTorch does; the few temporaries are made in
     * a scope, so their memory serves the next parameter of the same size and the next step.
     */
    @Override
    final void update(int group, int i, Parameter p) {
        AdamOptions o = (AdamOptions) paramGroups().get(group).options();
        Tensor w = p.value();
        State s = states[i];
        if (s == null) {
            s = states[i] = new State();
            s.expAvg = Scope.escape(w.zerosLike());
            s.expAvgSq = Scope.escape(w.zerosLike());
        }
        try (Scope temporaries = Scope.open()) {
            Tensor g = p.grad();
            if (o.weightDecay() != 0) {
                if (decoupledWeightDecay) {
                    w.mulInPlace(1 - o.lr() * o.weightDecay());
                } else {
                    g = g.add(w.mul(o.weightDecay()));
                }
            }
            long t = ++s.step;
            s.expAvg.mulInPlace(o.beta1()).addInPlace(g, 1 - o.beta1());
            s.expAvgSq.mulInPlace(o.beta2()).addInPlace(g.mul(g), 1 - o.beta2());
            Tensor secondMoment = s.expAvgSq;
            if (o.amsgrad()) {
                // A group switched to AMSGrad after its first steps starts the maximum from the current moment.
                Tensor max = s.maxExpAvgSq == null ? s.expAvgSq.copy() : s.maxExpAvgSq.maximum(s.expAvgSq);
                s.maxExpAvgSq = Scope.escape(max);
                secondMoment = s.maxExpAvgSq;
            }
            double biasCorrection1 = 1 - Math.pow(o.beta1(), t);
            double biasCorrection2 = 1 - Math.pow(o.beta2(), t);
            double stepSize = o.lr() / biasCorrection1;
            Tensor denom = secondMoment.sqrt().divInPlace(Math.sqrt(biasCorrection2)).addInPlace(o.eps());
            w.addInPlace(s.expAvg.div(denom), -stepSize);
        }
    }

    @Override
    final Map<String, Tensor> paramState(int i) {
        State s = states[i];
        if (s == null) {
            return Map.of();
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", StateSection.count(s.step));
        out.put("exp_avg", s.expAvg);
        out.put("exp_avg_sq", s.expAvgSq);
        if (s.maxExpAvgSq != null) {
            out.put("max_exp_avg_sq", s.maxExpAvgSq);
        }
        return out;
    }

    @Override
    final Runnable readParamState(int i, Parameter p, StateSection entries) {
        entries.allowOnly(STATE_KEYS);
        if (entries.isEmpty()) {
            return () -> states[i] = null;
        }
        State s = new State();
        s.step = entries.count("step");
        s.expAvg = entries.like("exp_avg", p.value());
        s.expAvgSq = entries.like("exp_avg_sq", p.value());
        s.maxExpAvgSq = entries.has("max_exp_avg_sq") ? entries.like("max_exp_avg_sq", p.value()) : null;
        return () -> states[i] = s;
    }
}
