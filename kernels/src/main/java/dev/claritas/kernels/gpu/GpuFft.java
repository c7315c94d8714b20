package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.*;

/** The centred orthonormal 2-D FFT. */
final class GpuFft {
    private GpuFft() {}

    static void fft2c(GpuRuntime r, View src, View dst, boolean inverse) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }
}
