package dev.claritas.tensor;

/**
 * The centred orthonormal 2-D FFT over a trailing complex dimension of size 2. The transform is
 * unitary, so the gradient of each direction is the other direction applied to the gradient.
 */
final class FourierOps {
    private FourierOps() {}

    static Tensor fft2c(Tensor x, boolean inverse) {
        String name = inverse ? "ifft2c" : "fft2c";
        if (x.rank() < 3 || x.size(-1) != 2) {
            throw new ShapeMismatchException(name + ": expects complex data [..., H, W, 2], got " + x.describe());
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expects float32 or float64, got " + x.describe());
        }
        Tensor out = Tensor.empty(x.dims(), x.dtype(), x.device());
        x.backend().fft2c(x.contiguous().view(), out.view(), inverse);
        return GradFn.record(name, out, new Tensor[] {x}, (g, needs) -> new Tensor[] {fft2c(g, !inverse)});
    }
}
