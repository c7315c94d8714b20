package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.*;

/** gather and scatter-add kernels. */
final class GpuIndexing {
    private GpuIndexing() {}

    static void gather(GpuRuntime r, View src, int dim, View index, View dst) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }

    static void scatterAdd(GpuRuntime r, View dst, int dim, View index, View src) {
        throw new UnsupportedOperationException("not implemented on the GPU yet");
    }
}
