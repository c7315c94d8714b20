package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Max pooling over [N, C, D, H, W] volumes, PyTorch's {@code nn.MaxPool3d}: the stride defaults to
 * the kernel size; padding (at most half the kernel) counts as −∞; {@code ceilMode} lets a last,
 * partial window in when it starts inside the input or its near padding. Dilation is not supported.
 */
public class MaxPool3d extends Module {
    private final int[] kernelSize, stride, padding;
    private final boolean ceilMode;

    /** A cubic kernel whose stride equals its size, no padding. */
    public MaxPool3d(int kernelSize) {
        this(kernelSize, kernelSize, 0, false);
    }

    public MaxPool3d(int kernelSize, int stride, int padding, boolean ceilMode) {
        this(new int[] {kernelSize, kernelSize, kernelSize}, new int[] {stride, stride, stride},
                new int[] {padding, padding, padding}, ceilMode);
    }

    /** (d, h, w) triples for kernel, stride and padding. */
    public MaxPool3d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.maxPool3d(x, kernelSize, stride, padding, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Repr.size(kernelSize) + ", stride=" + Repr.size(stride) + ", padding=" + Repr.size(padding)
                + ", dilation=1, ceil_mode=" + Repr.bool(ceilMode);
    }
}
