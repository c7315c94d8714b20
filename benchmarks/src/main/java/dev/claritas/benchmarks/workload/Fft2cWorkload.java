package dev.claritas.benchmarks.workload;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/** Claritas's centred orthonormal 2-D FFT ({@link Ops#fft2c}) of a batch of complex images [B, H, W, 2]. */
public final class Fft2cWorkload {
    private final Tensor kspace;
    private final LatestResult latest = new LatestResult();

    public Fft2cWorkload(FftShape shape) {
        this.kspace = new Inputs(4).normal(shape.batch(), shape.height(), shape.width(), 2);
    }

    /** The input, as interleaved (re, im) floats, for peers to transform the same data. */
    public float[] input() {
        return kspace.toFloatArray();
    }

    /** The transform of the input, valid until the next call ({@link LatestResult}). */
    public Tensor run() {
        return latest.replace(() -> Ops.fft2c(kspace));
    }
}
