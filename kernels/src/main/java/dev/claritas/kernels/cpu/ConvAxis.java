package dev.claritas.kernels.cpu;

/**
 * One spatial axis of a forward convolution (cross-correlation): the input and output sizes along
 * it and the kernel's size, stride, padding and dilation. Output position o and kernel tap k read
 * input position {@code o*stride + offset(k)}, zero outside {@code [0, in)}.
 */
record ConvAxis(int in, int out, int kernel, int stride, int pad, int dilation) {

    /** The depth axis of a 2-D convolution: one position, one tap. */
    static final ConvAxis UNIT = new ConvAxis(1, 1, 1, 1, 0, 1);

    ConvAxis {
        if (kernel < 1 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException("conv kernel, stride and dilation must be >= 1: " + this);
        }
        if (pad < 0) {
            throw new IllegalArgumentException("conv padding must be >= 0: " + this);
        }
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("conv spatial sizes must be >= 1: " + this);
        }
    }

    /** The axis of a convolution over {@code in} positions, or an exception when the kernel does not fit. */
    static ConvAxis forward(int in, int kernel, int stride, int pad, int dilation) {
        int span = in + 2 * pad - dilation * (kernel - 1) - 1;
        if (span < 0) {
            throw new IllegalArgumentException("conv kernel (size " + kernel + ", dilation " + dilation
                    + ") is larger than the padded input (" + in + " + 2*" + pad + ")");
        }
        return new ConvAxis(in, span / stride + 1, kernel, stride, pad, dilation);
    }

    /**
     * The axis of the forward convolution whose adjoint, a transposed convolution, maps {@code in}
     * positions to {@code (in-1)*stride - 2*pad + dilation*(kernel-1) + outputPadding + 1}: that size
     * is this axis' input, {@code in} its output.
     */
    static ConvAxis transposed(int in, int kernel, int stride, int pad, int dilation, int outputPadding) {
        if (outputPadding < 0) {
            throw new IllegalArgumentException("conv output padding must be >= 0: " + outputPadding);
        }
        int size = (in - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPadding + 1;
        return new ConvAxis(size, in, kernel, stride, pad, dilation);
    }

    /** Where tap k reads relative to {@code o*stride}. */
    int offset(int tap) {
        return tap * dilation - pad;
    }

    /** The first output position whose input position {@code o*stride + offset} is not before the input. */
    int firstInside(int offset) {
        return Math.clamp(Math.ceilDiv(-offset, stride), 0, out);
    }

    /** One past the last output position whose input position {@code o*stride + offset} is before {@code in}. */
    int endInside(int offset) {
        return Math.clamp(Math.floorDiv(in - 1 - offset, stride) + 1, 0, out);
    }

    /** Whether output position o reads exactly input position o: a 1-tap kernel, stride 1, no padding, equal sizes. */
    boolean isIdentity() {
        return kernel == 1 && stride == 1 && pad == 0 && in == out;
    }
}
