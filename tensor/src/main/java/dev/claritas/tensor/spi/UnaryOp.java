package dev.claritas.tensor.spi;

/**
 * Elementwise functions of one argument. Some take scalar parameters {@code a} and {@code b}:
 * {@link #LEAKY_RELU} (a = negative slope), {@link #POW} (a = exponent), {@link #CLAMP} (a = min,
 * b = max; NaN means unbounded). The {@code *_GRAD} entries are
 * derivatives that are awkward to compose from other ops.
 */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, LOG, SQRT, RSQRT, SIN, COS, TANH, SIGMOID, RELU, LEAKY_RELU, GELU, GELU_GRAD,
    POW, CLAMP
}
