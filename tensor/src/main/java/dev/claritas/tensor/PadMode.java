package dev.claritas.tensor;

/** How {@link Ops#pad} fills the border, as PyTorch's {@code F.pad} modes of the same names. */
public enum PadMode {
    CONSTANT, REFLECT, REPLICATE
}
