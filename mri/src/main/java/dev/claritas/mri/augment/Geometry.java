package dev.claritas.mri.augment;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/** Index-based geometric primitives built on {@link Ops#indexSelect} (differentiable, any backend). */
final class Geometry {
    private Geometry() {}

    /** Reverses axis {@code dim} (PyTorch's {@code flip}). */
    static Tensor flip(Tensor x, int dim) {
        int n = x.size(dim);
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = n - 1 - i;
        }
        return Ops.indexSelect(x, dim, Tensor.of(idx, n).to(x.device()));
    }

    /** PyTorch's {@code rot90(x, k, dims=(a, b))}: a quarter turn from axis a towards axis b, k times. */
    static Tensor rot90(Tensor x, int k, int a, int b) {
        return switch (Math.floorMod(k, 4)) {
            case 0 -> x;
            case 1 -> flip(x, b).transpose(a, b);
            case 2 -> flip(flip(x, a), b);
            default -> flip(x, a).transpose(a, b);
        };
    }
}
