package dev.claritas.nn;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a model: named parameters, buffers and child modules, a training/evaluation mode, and
 * a forward function. Names follow PyTorch, so state-dict keys match ({@code features.0.weight}).
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The module's computation. */
    public abstract Tensor forward(Tensor input);

    // ---- registration -----------------------------------------------------------------------------

    protected final Parameter registerParameter(String name, Tensor value) {
        Parameter p = new Parameter(value);
        putUnique(parameters, name, p);
        return p;
    }

    protected final Buffer registerBuffer(String name, Tensor value) {
        Buffer b = new Buffer(value);
        putUnique(buffers, name, b);
        return b;
    }

    protected final <M extends Module> M registerModule(String name, M module) {
        putUnique(children, name, module);
        return module;
    }

    private <T> void putUnique(Map<String, T> map, String name, T value) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("invalid name '" + name + "': names are non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a member named '" + name + "'");
        }
        map.put(name, value);
    }

    // ---- traversal --------------------------------------------------------------------------------

    /** Every parameter of this module and its descendants, by dotted name, in registration order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, new LinkedHashMap<>());
        return out;
    }

    /** Every buffer of this module and its descendants, by dotted name. */
    public final Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        collect("", new LinkedHashMap<>(), out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> params, Map<String, Buffer> bufs) {
        parameters.forEach((k, v) -> params.put(prefix + k, v));
        buffers.forEach((k, v) -> bufs.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", params, bufs));
    }

    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The direct children, by name, in registration order. */
    public final Map<String, Module> children() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /** Total number of trainable values. */
    public final long parameterCount() {
        return parameters().stream().mapToLong(p -> p.value().numel()).sum();
    }

    // ---- modes and state --------------------------------------------------------------------------

    public final boolean isTraining() {
        return training;
    }

    /** Training mode (the default): batch statistics, dropout on. Applies to all descendants. */
    public final Module train() {
        return setTraining(true);
    }

    /** Evaluation mode: running statistics, dropout off. Applies to all descendants. */
    public final Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.setTraining(mode));
        return this;
    }

    /** Clears the gradients of every parameter. */
    public final void zeroGrad() {
        parameters().forEach(p -> p.value().zeroGrad());
    }

    /** Moves parameters and buffers to {@code device}. */
    public final Module to(Device device) {
        try (var noGrad = GradMode.disable()) {
            namedParameters().values().forEach(p -> p.set(p.value().to(device)));
            namedBuffers().values().forEach(b -> b.set(b.value().to(device)));
        }
        return this;
    }

    /**
     * Parameters and buffers by PyTorch key name, in PyTorch's order (each module's parameters, then
     * its buffers, then its children); the tensors are the module's own, not copies.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        collectState("", state);
        return state;
    }

    private void collectState(String prefix, Map<String, Tensor> state) {
        parameters.forEach((k, p) -> state.put(prefix + k, p.value()));
        buffers.forEach((k, b) -> state.put(prefix + k, b.value()));
        children.forEach((k, m) -> m.collectState(prefix + k + ".", state));
    }

    /**
     * Copies values from {@code state} into this module's parameters and buffers. With
     * {@code strict}, missing or unexpected keys are an error; shape mismatches always are.
     */
    public final LoadReport loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Parameter> params = namedParameters();
        Map<String, Buffer> bufs = namedBuffers();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (String key : state.keySet()) {
            if (!params.containsKey(key) && !bufs.containsKey(key)) {
                unexpected.add(key);
            }
        }
        List<String> wanted = new ArrayList<>(params.keySet());
        wanted.addAll(bufs.keySet());
        for (String key : wanted) {
            Tensor value = state.get(key);
            if (value == null) {
                missing.add(key);
                continue;
            }
            Tensor current = params.containsKey(key) ? params.get(key).value() : bufs.get(key).value();
            if (!value.shape().equals(current.shape())) {
                throw new IllegalArgumentException("state dict entry '" + key + "' has shape " + value.shape()
                        + " but the module expects " + current.shape());
            }
        }
        LoadReport report = new LoadReport(missing, unexpected);
        if (strict && !report.isClean()) {
            throw new IllegalArgumentException("state dict does not match the module: " + report);
        }
        try (var noGrad = GradMode.disable()) {
            for (String key : wanted) {
                Tensor value = state.get(key);
                if (value == null) {
                    continue;
                }
                if (params.containsKey(key)) {
                    Parameter p = params.get(key);
                    p.set(value.to(p.value().dtype()).to(p.value().device()).copy());
                } else {
                    Buffer b = bufs.get(key);
                    b.set(value.to(b.value().dtype()).to(b.value().device()).copy());
                }
            }
        }
        return report;
    }

    /** What {@link #loadStateDict} found missing or unexpected. */
    public record LoadReport(List<String> missingKeys, List<String> unexpectedKeys) {
        public boolean isClean() {
            return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
        }

        @Override
        public String toString() {
            return "missing keys " + missingKeys + ", unexpected keys " + unexpectedKeys;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        if (!children.isEmpty()) {
            children.forEach((k, m) -> sb.append("\n  (").append(k).append("): ")
                    .append(m.toString().replace("\n", "\n  ")));
            sb.append('\n');
        } else {
            sb.append(extraRepr());
        }
        return sb.append(')').toString();
    }

    /** The constructor arguments shown by {@link #toString()}, as PyTorch's {@code extra_repr}. */
    protected String extraRepr() {
        return "";
    }
}
