package dev.claritas.tensor;

import dev.claritas.autograd.GradMode;

/** Standardisation over some dimensions, the core of batch, instance, group and layer normalisation. */
final class NormOps {
    private NormOps() {}

    /**
     * {@code x̂ = (x − mean) / √(var + eps)} with the mean and biased variance over {@code dims}, as
     * one autograd node. Its gradient is the closed form {@code (g − mean(g) − x̂·mean(g·x̂)) / √(var
     * + eps)} (means over {@code dims}): five full-size temporaries and two reductions, where
     * differentiating the composed ops keeps their intermediates alive until backward and takes
     * about twice as many passes.
     */
    static Ops.Standardized standardize(Tensor x, int[] dims, double eps) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("standardize: expects a floating-point tensor, got " + x.describe());
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
}
