package dev.claritas.nn.optim;

/** Argument checks with PyTorch's rules and messages that name the value. */
final class Checks {
    private Checks() {}

    /** {@code value >= 0}; NaN fails. */
    static void atLeastZero(String what, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + value);
        }
    }

    static void positive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + value);
        }
    }
}
