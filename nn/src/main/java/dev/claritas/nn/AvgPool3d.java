package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Average pooling over [N, C, D, H, W] volumes, PyTorch's {@code nn.AvgPool3d}: the stride defaults
 * to the kernel size; padding (at most half the kernel) adds zeros, which count in the divisor when
 * {@code countIncludePad} (the default); {@code ceilMode} lets a last, partial window in when it
 * starts inside the input or its near padding. PyTorch's {@code divisor_override} is not supported.
 */
public class AvgPool3d extends Module {
    private final int[] kernelSize, stride, padding;
    private final boolean ceilMode, countIncludePad;

    /** A cubic kernel whose stride equals its size, no padding. */
    public AvgPool3d(int kernelSize) {
        this(kernelSize, kernelSize, 0, false, true);
    }

    public AvgPool3d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        this(new int[] {kernelSize, kernelSize, kernelSize}, new int[] {stride, stride, stride},
                new int[] {padding, padding, padding}, ceilMode, countIncludePad);
    }

    /** (d, h, w) triples for kernel, stride and padding. */
    public AvgPool3d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.avgPool3d(x, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Repr.size(kernelSize) + ", stride=" + Repr.size(stride) + ", padding=" + Repr.size(padding);
    }
}
