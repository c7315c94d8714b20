package dev.claritas.tensor.spi;

/**
 * Elementwise functions of two arguments; the comparisons produce bool.
 *
 * <p>{@link #RELU_BACKWARD} is ReLU's gradient as one kernel, {@code (g, out) -> out <= 0 ? 0 : g}
 * with g the incoming gradient and out ReLU's output: PyTorch's {@code threshold_backward} at 0, so a
 * NaN output passes g. Composed from a comparison and a selection it would take two passes and a
 * bool mask.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, RELU_BACKWARD, EQ, NE, LT, LE, GT, GE;

    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
