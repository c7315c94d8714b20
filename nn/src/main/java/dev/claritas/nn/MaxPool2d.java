package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Max pooling over [N, C, H, W], PyTorch's {@code nn.MaxPool2d}: the stride defaults to the kernel
 * size; padding (at most half the kernel) counts as −∞; {@code ceilMode} lets a last, partial window
 * in when it starts inside the input or its left padding. Dilation is not supported.
 */
public class MaxPool2d extends Module {
    private final int[] kernelSize, stride, padding;
    private final boolean ceilMode;

    /** A square kernel whose stride equals its size, no padding. */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0, false);
    }

    public MaxPool2d(int kernelSize, int stride, int padding, boolean ceilMode) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, ceilMode);
    }

    /** (h, w) pairs for kernel, stride and padding. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.maxPool2d(x, kernelSize, stride, padding, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Repr.size(kernelSize) + ", stride=" + Repr.size(stride) + ", padding=" + Repr.size(padding)
                + ", dilation=1, ceil_mode=" + Repr.bool(ceilMode);
    }
}
