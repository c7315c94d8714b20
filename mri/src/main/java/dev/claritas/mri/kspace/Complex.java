package dev.claritas.mri.kspace;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import java.util.List;

/**
 * Complex arithmetic on real tensors whose last dimension (of size 2) holds the real and imaginary
 * parts, fastMRI's layout (the functions of {@code fastmri/math.py}). Every function is composed of
 * differentiable tensor ops, so gradients flow through it; the complex dimension counts as two real
 * variables, as in PyTorch's {@code view_as_real}.
 */
public final class Complex {
    private Complex() {}

    /**
     * {@code x · y} elementwise with broadcasting (fastMRI's {@code complex_mul}):
     * {@code (a + ib)(c + id) = (ac − bd) + i(ad + bc)}.
     */
    public static Tensor mul(Tensor x, Tensor y) {
        check("Complex.mul", x);
        check("Complex.mul", y);
        Tensor a = real(x);
        Tensor b = imag(x);
        Tensor c = real(y);
        Tensor d = imag(y);
        return Ops.cat(List.of(a.mul(c).sub(b.mul(d)), a.mul(d).add(b.mul(c))), -1);
    }

    /** The complex conjugate {@code a − ib} (fastMRI's {@code complex_conj}). */
    public static Tensor conj(Tensor x) {
        check("Complex.conj", x);
        return Ops.cat(List.of(real(x), imag(x).neg()), -1);
    }

    /**
     * The magnitude {@code sqrt(a² + b²)}, without the complex dimension (fastMRI's {@code complex_abs}).
     * Like PyTorch's, its gradient is undefined (NaN) where the value is exactly 0.
     */
    public static Tensor abs(Tensor x) {
        return absSquared(x).sqrt();
    }

    /** The squared magnitude {@code a² + b²}, without the complex dimension (fastMRI's {@code complex_abs_sq}). */
    public static Tensor absSquared(Tensor x) {
        check("Complex.absSquared", x);
        return x.square().sum(-1, false);
    }

    /** The real parts, keeping a complex dimension of size 1 so that results can be joined again. */
    private static Tensor real(Tensor x) {
        return x.narrow(-1, 0, 1);
    }

    /** The imaginary parts, keeping a complex dimension of size 1. */
    private static Tensor imag(Tensor x) {
        return x.narrow(-1, 1, 1);
    }

    /** Refuses a tensor without a trailing complex dimension, naming the op and the shape. */
    static void check(String op, Tensor x) {
        if (x.rank() == 0 || x.size(-1) != 2) {
            throw new ShapeMismatchException(op + ": expects complex data with a last dimension of size 2 (re, im), got shape "
                    + x.shape());
        }
    }
}
