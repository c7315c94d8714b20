package dev.claritas.benchmarks.workload;

import dev.claritas.tensor.MemoryFormat;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/**
 * A convolution layer's forward pass, or its forward and backward passes as training runs them:
 * the weight gradient always, the input gradient where {@link ConvLayer#inputNeedsGrad()}.
 */
public final class ConvWorkload {
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private final ConvLayer layer;
    private final Tensor input;
    private final Tensor weight;
    private final Tensor gradOutput;
    private final LatestResult latest = new LatestResult();

    /**
     * Random input, weight and output gradient for {@code batch} images, input and output gradient
     * laid out in {@code format}; gradients are recorded only if {@code backward}.
     */
    public ConvWorkload(ConvLayer layer, int batch, boolean backward, MemoryFormat format) {
        Inputs random = new Inputs(1);
        this.layer = layer;
        this.input = random.normal(batch, layer.inChannels(), layer.size(), layer.size()).contiguous(format)
                .requiresGrad(backward && layer.inputNeedsGrad());
        int fanIn = layer.inChannels() * layer.kernel() * layer.kernel();
        int[] weightShape = layer.transposed()
                ? new int[] {layer.inChannels(), layer.outChannels(), layer.kernel(), layer.kernel()}
                : new int[] {layer.outChannels(), layer.inChannels(), layer.kernel(), layer.kernel()};
        this.weight = random.scaledNormal(1 / Math.sqrt(fanIn), weightShape).requiresGrad(backward);
        int outSize = layer.size() * layer.stride();
        this.gradOutput = backward ? random.normal(batch, layer.outChannels(), outSize, outSize).contiguous(format) : null;
    }

    /** The layer's output, valid until the next call ({@link LatestResult}). */
    public Tensor forward() {
        return latest.replace(this::output);
    }

    private Tensor output() {
        if (layer.transposed()) {
            int[] stride = {layer.stride(), layer.stride()};
            return Ops.convTranspose2d(input, weight, null, stride, ZERO, ZERO, 1, ONE);
        }
        return Ops.conv2d(input, weight, null, layer.stride(), layer.padding());
    }

    /**
     * Forward, then backward from a fixed output gradient, in a scope as a training step runs;
     * returns the weight gradient.
     */
    public Tensor forwardBackward() {
        try (Scope scope = Scope.open()) {
            output().backward(gradOutput, false);
        }
        Tensor grad = weight.grad();
        // Fresh gradients each time, as an optimizer's zero_grad(set_to_none=True) would leave them.
        weight.zeroGrad();
        input.zeroGrad();
        return grad;
    }
}
