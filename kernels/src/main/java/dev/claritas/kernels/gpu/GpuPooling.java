package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.*;

/** Pooling and upsampling kernels. */
final class GpuPooling {
    private GpuPooling() {}

    static void maxPool(GpuRuntime r, View x, View out, View indices, SpatialPoolParams p) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }

    static void avgPool(GpuRuntime r, View x, View out, SpatialPoolParams p) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }

    static void avgPoolBackward(GpuRuntime r, View gradOut, View gradIn, SpatialPoolParams p) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }

    static void upsample(GpuRuntime r, UpsampleMode mode, boolean alignCorners, View x, View out) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }

    static void upsampleBackward(GpuRuntime r, UpsampleMode mode, boolean alignCorners, View gradOut, View gradIn) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }
}
