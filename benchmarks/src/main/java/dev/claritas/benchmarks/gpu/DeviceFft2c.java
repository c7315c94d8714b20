package dev.claritas.benchmarks.gpu;

import dev.claritas.benchmarks.workload.FftShape;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;

/** fastMRI's centred orthonormal 2-D FFT ({@link Ops#fft2c}) of a batch of complex images [B, H, W, 2] on one device. */
final class DeviceFft2c implements DeviceWork {
    private final DeviceTensors tensors;
    private final Tensor kspace;

    DeviceFft2c(FftShape shape, Device device) {
        this.tensors = new DeviceTensors(4, device);
        this.kspace = tensors.normal(1, shape.batch(), shape.height(), shape.width(), 2);
    }

    @Override
    public void call() {
        try (Scope scope = Scope.open()) {
            Ops.fft2c(kspace);
        }
    }

    @Override
    public void close() {
        tensors.close();
    }
}
