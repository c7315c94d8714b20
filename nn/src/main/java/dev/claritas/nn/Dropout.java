package dev.claritas.nn;

import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * PyTorch's {@code nn.Dropout}: in training, each element is zeroed with probability p and the
 * others are scaled by 1/(1 − p), so the expected output equals the input; in evaluation, the
 * identity. The mask is drawn from the default {@link Generator} (seed it with
 * {@link Generator#manualSeed}); the same mask scales the gradient.
 */
public class Dropout extends Module {
    private final double p;

    public Dropout() {
        this(0.5);
    }

    public Dropout(double p) {
        this.p = checkProbability(p);
    }

    static double checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
        return p;
    }

    /**
     * x times a scaled keep-mask of {@code maskShape} (x's shape, or a shape that broadcasts to it):
     * the arithmetic of every dropout variant.
     */
    static Tensor drop(Tensor x, int[] maskShape, double p) {
        if (p == 1) {
            return x.mul(0.0); // every element dropped; 1/(1 − p) would be infinite
        }
        Tensor keep = Ops.bernoulli(maskShape, 1 - p, x.dtype(), x.device(), Generator.defaultGenerator());
        return x.mul(keep.div(1 - p));
    }

    @Override
    public Tensor forward(Tensor x) {
        return !isTraining() || p == 0 ? x : drop(x, x.shape().toArray(), p);
    }

    @Override
    protected String extraRepr() {
        return "p=" + Repr.number(p) + ", inplace=False";
    }
}
