package dev.claritas.nn;

import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/**
 * A trainable tensor of a module. The holder stays while its tensor may be replaced (moved to a
 * device, loaded from a state dict), so layers read {@link #value()} at every forward.
 */
public final class Parameter {
    private Tensor value;

    public Parameter(Tensor value) {
        set(value);
    }

    /** The current tensor; a leaf that requires grad. */
    public Tensor value() {
        return value;
    }

    /** Replaces the tensor (detached, made a leaf that requires grad). */
    public void set(Tensor tensor) {
        this.value = tensor.detach().requiresGrad(true);
        Scope.escape(value);    // e.g. a model moved with to(device) inside a scope
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return value.grad();
    }
}
