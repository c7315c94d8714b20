package dev.claritas.nn;

import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;

/**
 * PyTorch's {@code nn.Dropout2d} over [N, C, H, W]: in training, each whole channel of each sample
 * is zeroed with probability p and the others are scaled by 1/(1 − p); in evaluation, the
 * identity. The mask is drawn from the default {@link Generator}.
 */
public class Dropout2d extends Module {
    private final double p;

    public Dropout2d() {
        this(0.5);
    }

    public Dropout2d(double p) {
        this.p = Dropout.checkProbability(p);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("Dropout2d: expects input [N, C, H, W], got " + x.shape());
        }
        return !isTraining() || p == 0 ? x : Dropout.drop(x, new int[] {x.size(0), x.size(1), 1, 1}, p);
    }

    @Override
    protected String extraRepr() {
        return "p=" + Repr.number(p) + ", inplace=False";
    }
}
