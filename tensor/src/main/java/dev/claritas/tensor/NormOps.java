package dev.claritas.tensor;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.spi.Backend;

/** Standardisation over some dimensions, the core of batch, instance, group and layer normalisation. */
final class NormOps {
    private NormOps() {}

    /**
     * {@code x̂ = (x − mean) / √(var + eps)} with the mean and biased variance over {@code dims}, as
     * one autograd node whose gradient is the closed form {@code (g − mean(g) − x̂·mean(g·x̂)) / √(var
     * + eps)} (means over {@code dims}). Where the backend {@link dev.claritas.tensor.spi.Backend#standardizes
     * standardizes} and the kept dimensions are adjacent (x seen as [a, c, b], reduced over a and b:
     * every batch, instance, group and layer norm), both directions are one backend kernel of two
     * passes; otherwise they are composed from reductions and elementwise ops.
     */
    static Ops.Standardized standardize(Tensor x, int[] dims, double eps) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("standardize: expects a floating-point tensor, got " + x.describe());
        }
        int[] reduced = ReductionOps.normalizeDims(x, dims);
        int[] layout = channelLayout(x.dims(), reduced);
        if (layout != null && x.backend().standardizes()) {
            return fused(x, reduced, layout, eps);
        }
        Tensor mean, var, rstd, normalized;
        try (var noGrad = GradMode.disable()) {
            mean = x.mean(dims, true);
            Tensor centered = x.sub(mean);
            var = centered.mul(centered).mean(dims, true);
            rstd = var.add(eps).rsqrt();
            normalized = centered.mul(rstd);
        }
        Tensor xHat = normalized; // effectively final, for the rule
        Tensor out = GradFn.record("standardize", xHat, new Tensor[] {x}, new Tensor[] {xHat, rstd}, (g, needs) -> {
            Tensor gradMean = g.mean(dims, true);
            Tensor projection = g.mul(xHat).mean(dims, true);
            return new Tensor[] {g.sub(gradMean).sub(xHat.mul(projection)).mul(rstd)};
        });
        return new Ops.Standardized(out, mean, var);
    }

    /** The backend's kernel; {@code reduced} are the normalised dims, sorted. */
    private static Ops.Standardized fused(Tensor x, int[] reduced, int[] layout, double eps) {
        int a = layout[0], c = layout[1], b = layout[2];
        Tensor input = x.contiguous();
        Tensor xHat = Tensor.empty(x.dims(), x.dtype(), x.device());
        Tensor mean = Tensor.empty(new int[] {c}, x.dtype(), x.device());
        Tensor var = Tensor.empty(new int[] {c}, x.dtype(), x.device());
        x.backend().standardize(input.view(), a, c, b, eps, xHat.view(), mean.view(), var.view());
        Tensor rstd;
        try (var noGrad = GradMode.disable()) {
            rstd = var.add(eps).rsqrt();
        }
        // the rule holds x̂ and rstd, not x: x need not outlive the forward pass
        int[] shape = x.dims().clone();
        DType dtype = x.dtype();
        Device device = x.device();
        Backend backend = x.backend();
        Tensor out = GradFn.record("standardize", xHat, new Tensor[] {x}, new Tensor[] {xHat, rstd}, (g, needs) -> {
            Tensor gradIn = Tensor.empty(shape, dtype, device);
            backend.standardizeBackward(g.contiguous().view(), xHat.view(), rstd.view(), a, c, b, gradIn.view());
            return new Tensor[] {gradIn};
        });
        int[] kept = ReductionOps.keptShape(x.dims(), reduced);
        return new Ops.Standardized(out, mean.reshape(kept), var.reshape(kept));
    }

    /**
     * x's shape seen as {@code [a, c, b]} where the dimensions not in {@code dims} (normalised) are
     * adjacent and make up c, those before them a and those after b; null when the kept dimensions
     * are not adjacent.
     */
    private static int[] channelLayout(int[] shape, int[] dims) {
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) {
            reduced[d] = true;
        }
        int first = 0;
        while (first < shape.length && reduced[first]) {
            first++;
        }
        int end = first;
        while (end < shape.length && !reduced[end]) {
            end++;
        }
        for (int d = end; d < shape.length; d++) {
            if (!reduced[d]) {
                return null;
            }
        }
        return new int[] {product(shape, 0, first), product(shape, first, end), product(shape, end, shape.length)};
    }

    private static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int d = from; d < to; d++) {
            p = Math.multiplyExact(p, shape[d]);
        }
        return p;
    }
}
