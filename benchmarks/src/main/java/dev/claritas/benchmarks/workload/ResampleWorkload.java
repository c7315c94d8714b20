package dev.claritas.benchmarks.workload;

import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/** A pooling or upsampling op on a batch of feature maps, forward or forward and backward. */
public final class ResampleWorkload {
    private final ResampleOp op;
    private final Tensor input;
    private final Tensor gradOutput;
    private final LatestResult latest = new LatestResult();

    /** {@code batch} maps of {@code channels} × {@code size}²; the input records gradients only if {@code backward}. */
    public ResampleWorkload(ResampleOp op, int batch, int channels, int size, boolean backward) {
        Inputs random = new Inputs(2);
        int out = op.outputSize(size);
        this.op = op;
        this.input = random.normal(batch, channels, size, size).requiresGrad(backward);
        this.gradOutput = backward ? random.normal(batch, channels, out, out) : null;
    }

    /** The op's output, valid until the next call ({@link LatestResult}). */
    public Tensor forward() {
        return latest.replace(() -> op.apply(input));
    }

    /** Forward, then backward from a fixed output gradient, in a scope as a training step runs; returns the input gradient. */
    public Tensor forwardBackward() {
        try (Scope scope = Scope.open()) {
            op.apply(input).backward(gradOutput, false);
        }
        Tensor grad = input.grad();
        input.zeroGrad();
        return grad;
    }
}
