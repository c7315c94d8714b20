package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.*;

/** Matrix products and convolutions as tiled (implicit) GEMM kernels. */
final class GpuLinearAlgebra {
    private GpuLinearAlgebra() {}

    static void matmul(GpuRuntime r, View x, View y, View dst, int batch, int m, int k, int n, boolean transX, boolean transY) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }

    static void conv(GpuRuntime r, View x, View w, View out, SpatialConvParams p) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }

    static void convTranspose(GpuRuntime r, View x, View w, View out, SpatialConvParams p) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }

    static void convWeightGrad(GpuRuntime r, View x, View gradOut, View gradW, SpatialConvParams p) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }
}
