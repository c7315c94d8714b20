package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/**
 * x·Φ(x), PyTorch's {@code nn.GELU}: exact (with erf) by default, or with {@code approximate =
 * "tanh"} the approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
 */
public class GELU extends Module {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private final boolean tanh;

    public GELU() {
        this("none");
    }

    /** {@code approximate} is PyTorch's: "none" or "tanh". */
    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        }
        this.tanh = approximate.equals("tanh");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!tanh) {
            return x.gelu();
        }
        Tensor inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(SQRT_2_OVER_PI);
        return x.mul(0.5).mul(inner.tanh().add(1));
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + (tanh ? "tanh" : "none") + "'";
    }
}
