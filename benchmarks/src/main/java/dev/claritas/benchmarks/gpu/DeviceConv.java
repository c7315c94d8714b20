package dev.claritas.benchmarks.gpu;

import dev.claritas.benchmarks.workload.ConvLayer;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/**
 * A convolution layer's forward pass, or forward and backward as training runs them (the weight
 * gradient always, the input gradient past a first layer), on one device: the computation of
 * {@link dev.claritas.benchmarks.workload.ConvWorkload}, with the same seed and draw order.
 */
final class DeviceConv implements DeviceWork {
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private final ConvLayer layer;
    private final boolean backward;
    private final DeviceTensors tensors;
    private final Tensor input;
    private final Tensor weight;
    private final Tensor gradOutput;

    DeviceConv(ConvCase c, boolean backward, Device device) {
        this.layer = c.layer();
        this.backward = backward;
        this.tensors = new DeviceTensors(1, device);
        this.input = tensors.normal(1, c.batch(), layer.inChannels(), layer.size(), layer.size())
                .requiresGrad(backward && layer.inputNeedsGrad());
        int fanIn = layer.inChannels() * layer.kernel() * layer.kernel();
        int[] weightShape = layer.transposed()
                ? new int[] {layer.inChannels(), layer.outChannels(), layer.kernel(), layer.kernel()}
                : new int[] {layer.outChannels(), layer.inChannels(), layer.kernel(), layer.kernel()};
        this.weight = tensors.normal(1 / Math.sqrt(fanIn), weightShape).requiresGrad(backward);
        int outSize = layer.size() * layer.stride();
        this.gradOutput = backward ? tensors.normal(1, c.batch(), layer.outChannels(), outSize, outSize) : null;
    }

    private Tensor forward() {
        if (layer.transposed()) {
            int[] stride = {layer.stride(), layer.stride()};
            return Ops.convTranspose2d(input, weight, null, stride, ZERO, ZERO, 1, ONE);
        }
        return Ops.conv2d(input, weight, null, layer.stride(), layer.padding());
    }

    @Override
    public void call() {
        try (Scope scope = Scope.open()) {
            Tensor out = forward();
            if (backward) {
                out.backward(gradOutput, false);
            }
        }
        // Leaf gradients outlive the scope; drop them as zero_grad(set_to_none=True) does, memory included.
        releaseGrad(weight);
        releaseGrad(input);
    }

    private static void releaseGrad(Tensor leaf) {
        Tensor g = leaf.grad();
        leaf.zeroGrad();
        DeviceTensors.release(g);
    }

    @Override
    public void close() {
        tensors.close();
    }
}
