package dev.claritas.benchmarks.gpu;

import dev.claritas.benchmarks.workload.GemmShape;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/** A float32 matrix product C = A·B ({@code MxNxK}) through {@link Tensor#matmul} on one device. */
final class DeviceGemm implements DeviceWork {
    private final DeviceTensors tensors;
    private final Tensor a;
    private final Tensor b;

    DeviceGemm(GemmShape shape, Device device) {
        this.tensors = new DeviceTensors(3, device);
        this.a = tensors.normal(1, shape.m(), shape.k());
        this.b = tensors.normal(1, shape.k(), shape.n());
    }

    @Override
    public void call() {
        try (Scope scope = Scope.open()) {
            a.matmul(b);
        }
    }

    @Override
    public void close() {
        tensors.close();
    }
}
