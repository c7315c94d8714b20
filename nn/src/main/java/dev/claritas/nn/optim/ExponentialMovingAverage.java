package dev.claritas.nn.optim;

import dev.claritas.autograd.GradMode;
import dev.claritas.nn.Module;
import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of parameters, for evaluating with smoother weights than the last
 * step's: what PyTorch 2's {@code torch.optim.swa_utils.AveragedModel} computes with
 * {@code get_ema_multi_avg_fn(decay)} (PyTorch 1.13 has no EMA of its own). After each optimizer step,
 * {@link #update()} sets {@code average += (1 - decay) · (parameter − average)}. The averages start
 * as copies of the parameters. Only parameters are averaged: buffers such as BatchNorm's running
 * statistics stay the module's own.
 *
 * <pre>{@code
 * var ema = new ExponentialMovingAverage(model, 0.999);
 * for (...) { loss.backward(); optimizer.step(); ema.update(); }
 * try (var averaged = ema.swapIn()) {
 *     evaluate(model);            // runs with the averaged weights
 * }                               // the training weights are back
 * }</pre>
 */
public final class ExponentialMovingAverage {
    private final Map<String, Parameter> params;
    private final Map<String, Tensor> averages = new LinkedHashMap<>();
    private final double decay;

    /** Averages every parameter of {@code module}; {@link #stateDict()} uses the module's parameter names. */
    public ExponentialMovingAverage(Module module, double decay) {
        this(module.namedParameters(), decay);
    }

    /** Averages {@code params}; {@link #stateDict()} names them by their index ("0", "1", ...). */
    public ExponentialMovingAverage(List<Parameter> params, double decay) {
        this(indexed(params), decay);
    }

    private ExponentialMovingAverage(Map<String, Parameter> params, double decay) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1], got " + decay);
        }
        this.params = params;
        this.decay = decay;
        try (var noGrad = GradMode.disable()) {
            params.forEach((name, p) -> averages.put(name, Scope.escape(p.value().copy())));
        }
    }

    public double decay() {
        return decay;
    }

    /** Moves every average towards its parameter's current value. */
    public void update() {
        try (var noGrad = GradMode.disable()) {
            params.forEach((name, p) -> {
                Tensor value = p.value();
                Tensor average = averageFor(name, value);
                averages.put(name, Scope.escape(average.add(value.sub(average).mul(1 - decay))));
            });
        }
    }

    /**
     * Copies the averages into the parameters (in place, so the module, the optimizer and the
     * gradients keep their tensors) until the returned handle is closed, which copies the training
     * values back exactly. Not closing it keeps the averaged weights for good.
     */
    public Swap swapIn() {
        Map<String, Tensor> saved = new LinkedHashMap<>();
        try (var noGrad = GradMode.disable()) {
            params.forEach((name, p) -> {
                saved.put(name, Scope.escape(p.value().copy()));
                p.value().copyFrom(averageFor(name, p.value()));
            });
        }
        return new Swap(saved);
    }

    /** Puts the training values back when closed; closing twice does nothing. */
    public final class Swap implements AutoCloseable {
        private Map<String, Tensor> saved;

        private Swap(Map<String, Tensor> saved) {
            this.saved = saved;
        }

        @Override
        public void close() {
            if (saved == null) {
                return;
            }
            try (var noGrad = GradMode.disable()) {
                saved.forEach((name, value) -> params.get(name).value().copyFrom(value));
            }
            saved = null;
        }
    }

    /**
     * The averages by parameter name: with a module, its {@code stateDict()} keys, so they load into a
     * copy of the model with {@code loadStateDict(ema.stateDict(), false)} (buffers are not averaged).
     * The tensors are this object's own; treat them as read-only.
     */
    public Map<String, Tensor> stateDict() {
        return new LinkedHashMap<>(averages);
    }

    /** Restores averages saved by {@link #stateDict()} (to resume training); every name must be present. */
    public void loadStateDict(Map<String, Tensor> state) {
        StateSection section = new StateSection("", state).allowOnly(averages.keySet());
        Map<String, Tensor> loaded = new LinkedHashMap<>();
        params.forEach((name, p) -> loaded.put(name, section.like(name, p.value())));
        averages.putAll(loaded);
    }

    /** The average of {@code name}, moved to the device of the parameter's current value if the model moved. */
    private Tensor averageFor(String name, Tensor value) {
        return averages.get(name).to(value.device());
    }

    private static Map<String, Parameter> indexed(List<Parameter> params) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            out.put(Integer.toString(i), params.get(i));
        }
        return out;
    }
}
