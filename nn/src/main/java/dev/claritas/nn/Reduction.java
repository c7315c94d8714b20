package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/** How a loss reduces its per-element values, PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The per-element values, unreduced ({@code "none"}). */
    NONE,
    /** Their mean ({@code "mean"}, PyTorch's default). */
    MEAN,
    /** Their sum ({@code "sum"}). */
    SUM;

    /** Reduces per-element loss values. */
    public Tensor apply(Tensor values) {
        return switch (this) {
            case NONE -> values;
            case MEAN -> values.mean();
            case SUM -> values.sum();
        };
    }

    /** The reduction PyTorch names {@code name} ({@code "none"}, {@code "mean"}, {@code "sum"}). */
    public static Reduction of(String name) {
        return switch (name) {
            case "none" -> NONE;
            case "mean" -> MEAN;
            case "sum" -> SUM;
            default -> throw new IllegalArgumentException("unknown reduction '" + name + "': expected none, mean or sum");
        };
    }
}
