package dev.claritas.tensor.spi;

/** Reductions along one axis; the arg-reductions produce int64 indices (first occurrence wins). */
public enum ReduceOp {
    SUM, MAX, MIN, ARGMAX, ARGMIN
}
