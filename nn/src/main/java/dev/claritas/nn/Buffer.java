package dev.claritas.nn;

import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/** A non-trainable tensor of a module that belongs in its state dict, such as BatchNorm's running statistics. */
public final class Buffer {
    private Tensor value;

    public Buffer(Tensor value) {
        this.value = value;
        Scope.escape(value);
    }

    public Tensor value() {
        return value;
    }

    public void set(Tensor tensor) {
        this.value = tensor.detach();
        Scope.escape(value);    // e.g. running statistics replaced inside a training step's scope
    }
}
