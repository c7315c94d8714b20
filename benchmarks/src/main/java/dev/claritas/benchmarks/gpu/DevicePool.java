package dev.claritas.benchmarks.gpu;

import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/** 2×2 max or average pooling of a batch of feature maps, forward or forward and backward, on one device. */
final class DevicePool implements DeviceWork {
    private final boolean max;
    private final boolean backward;
    private final DeviceTensors tensors;
    private final Tensor input;
    private final Tensor gradOutput;

    /** {@code op} is {@code max} or {@code avg}; the maps are {@code batch} × {@code channels} × {@code size}². */
    DevicePool(String op, int batch, int channels, int size, boolean backward, Device device) {
        this.max = switch (op) {
            case "max" -> true;
            case "avg" -> false;
            default -> throw new IllegalArgumentException("pooling op must be max or avg, got '" + op + "'");
        };
        this.backward = backward;
        this.tensors = new DeviceTensors(2, device);
        this.input = tensors.normal(1, batch, channels, size, size).requiresGrad(backward);
        this.gradOutput = backward ? tensors.normal(1, batch, channels, size / 2, size / 2) : null;
    }

    @Override
    public void call() {
        try (Scope scope = Scope.open()) {
            Tensor out = max ? Ops.maxPool2d(input, 2) : Ops.avgPool2d(input, 2);
            if (backward) {
                out.backward(gradOutput, false);
            }
        }
        Tensor g = input.grad();
        input.zeroGrad();
        DeviceTensors.release(g);
    }

    @Override
    public void close() {
        tensors.close();
    }
}
