package dev.claritas.tensor;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.spi.Backend;
import dev.claritas.tensor.spi.View;
import java.util.Arrays;

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
        return standardize(x, dims, eps, null, null);
    }

    /**
     * {@code x̂·weight + bias} with weight and bias one value per element of the kept dimensions
     * (batch norm's [C]), both null for x̂ alone. On the kernel path the affine is part of the same
     * node and passes (inputs x, weight, bias; dWeight = Σ g·x̂ and dBias = Σ g come out of the sums
     * the gradient of x takes anyway); elsewhere it is composed after x̂ from broadcast ops.
     */
    static Ops.Standardized standardize(Tensor x, int[] dims, double eps, Tensor weight, Tensor bias) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("standardize: expects a floating-point tensor, got " + x.describe());
        }
        int[] reduced = ReductionOps.normalizeDims(x, dims);
        int[] kept = ReductionOps.keptShape(x.dims(), reduced);
        if (weight != null || bias != null) {
            checkAffine(x, kept, weight, bias);
        }
        if (ChannelsLast.suggested(x) && x.backend().standardizes()) {
            int[] reducedInMemoryOrder = keptBatchOfOneReduced(x.dims(), reduced);
            if (keepsAtMostOneOfBatchAndChannels(reducedInMemoryOrder)) {
                // in memory order [N, H, W, C] batch norm's channels are the last axis: the kernel reads x in place
                Ops.Standardized s = standardize(ChannelsLast.toMemoryOrder(x), ChannelsLast.dimsInMemoryOrder(reducedInMemoryOrder),
                        eps, weight, bias);
                return new Ops.Standardized(ChannelsLast.fromMemoryOrder(s.normalized()), s.mean().reshape(kept),
                        s.var().reshape(kept));
            }
        }
        // the kept dims are c, and weight and bias have c elements: the kernel takes them as [c]
        int[] layout = channelLayout(x.dims(), reduced);
        if (layout != null && x.backend().standardizes()) {
            return fused(x, kept, layout, eps, weight, bias);
        }
        Ops.Standardized plain = composed(x, dims, eps);
        if (weight == null) {
            return plain;
        }
        Tensor out = plain.normalized().mul(weight.reshape(kept)).add(bias.reshape(kept));
        return new Ops.Standardized(out, plain.mean(), plain.var());
    }

    private static void checkAffine(Tensor x, int[] kept, Tensor weight, Tensor bias) {
        if (weight == null || bias == null) {
            throw new IllegalArgumentException("standardize: give both weight and bias or neither, got weight "
                    + (weight == null ? "null" : weight.describe()) + " and bias " + (bias == null ? "null" : bias.describe()));
        }
        int count = product(kept, 0, kept.length);
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t.numel() != count) {
                throw new ShapeMismatchException("standardize: weight and bias need one value per element of the kept dims "
                        + Arrays.toString(kept) + " of x " + x.describe() + ", got " + t.describe());
            }
            Ops.checkSameDtype("standardize", x, t);
            Ops.checkSameDevice("standardize", x, t);
        }
    }

    /** The composed path: reductions and elementwise ops, one node over x. */
    private static Ops.Standardized composed(Tensor x, int[] dims, double eps) {
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

    /**
     * The backend's kernel; {@code kept} is the statistics' keepdim shape; weight and bias null
     * without an affine.
     */
    private static Ops.Standardized fused(Tensor x, int[] kept, int[] layout, double eps, Tensor weight, Tensor bias) {
        int a = layout[0], c = layout[1], b = layout[2];
        boolean affine = weight != null;
        Tensor input = x.contiguous();
        Tensor gamma = affine ? weight.contiguous() : null, beta = affine ? bias.contiguous() : null;
        Tensor xHat = Tensor.uninitialized(x.dims(), x.dtype(), x.device());
        Tensor out = affine ? Tensor.uninitialized(x.dims(), x.dtype(), x.device()) : xHat;
        Tensor mean = Tensor.empty(new int[] {c}, x.dtype(), x.device());
        Tensor var = Tensor.empty(new int[] {c}, x.dtype(), x.device());
        x.backend().standardize(input.view(), a, c, b, eps, view(gamma), view(beta), xHat.view(), affine ? out.view() : null,
                mean.view(), var.view());
        Tensor rstd;
        try (var noGrad = GradMode.disable()) {
            rstd = var.add(eps).rsqrt();
        }
        // the rule holds x̂, rstd and the weight, not x: x need not outlive the forward pass
        int[] shape = x.dims().clone();
        DType dtype = x.dtype();
        Device device = x.device();
        Backend backend = x.backend();
        Tensor[] inputs = affine ? new Tensor[] {x, weight, bias} : new Tensor[] {x};
        Tensor[] saved = affine ? new Tensor[] {xHat, rstd, weight} : new Tensor[] {xHat, rstd};
        int[] weightShape = affine ? weight.dims().clone() : null, biasShape = affine ? bias.dims().clone() : null;
        GradFn.record("standardize", out, inputs, saved, (g, needs) -> {
            Tensor dx = needs[0] ? Tensor.uninitialized(shape, dtype, device) : null;
            Tensor dWeight = affine && needs[1] ? Tensor.empty(weightShape, dtype, device) : null;
            Tensor dBias = affine && needs[2] ? Tensor.empty(biasShape, dtype, device) : null;
            backend.standardizeBackward(g.contiguous().view(), xHat.view(), rstd.view(), view(gamma), a, c, b, view(dx),
                    view(dWeight), view(dBias));
            return affine ? new Tensor[] {dx, dWeight, dBias} : new Tensor[] {dx};
        });
        return new Ops.Standardized(out, mean.reshape(kept), var.reshape(kept));
    }

    /**
     * Whether the dims of a 4-D tensor kept by reducing {@code reduced} are at most one of N and C:
     * then they are one run of adjacent dims in memory order too, in the same element order.
     */
    private static boolean keepsAtMostOneOfBatchAndChannels(int[] reduced) {
        int kept = 4 - reduced.length;
        boolean spatialReduced = Arrays.stream(reduced).filter(d -> d >= 2).count() == 2;
        return spatialReduced && kept <= 1;
    }

    /**
     * {@code reduced} with the batch dimension added when it is kept but has one element (instance
     * norm of one image): reducing over it changes no statistic, and leaves only the channels kept.
     */
    private static int[] keptBatchOfOneReduced(int[] shape, int[] reduced) {
        if (shape[0] != 1 || Arrays.stream(reduced).anyMatch(d -> d == 0)) {
            return reduced;
        }
        int[] withBatch = new int[reduced.length + 1];
        System.arraycopy(reduced, 0, withBatch, 1, reduced.length);
        return withBatch;
    }

    private static View view(Tensor t) {
        return t == null ? null : t.view();
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
