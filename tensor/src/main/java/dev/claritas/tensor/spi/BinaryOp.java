package dev.claritas.tensor.spi;

/** Elementwise functions of two arguments; the comparisons produce bool. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE;

    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
