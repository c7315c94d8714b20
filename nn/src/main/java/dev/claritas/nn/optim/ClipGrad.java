package dev.claritas.nn.optim;

import dev.claritas.autograd.GradMode;
import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import java.util.List;

/**
 * Gradient clipping between {@code backward()} and {@code step()}, as PyTorch's
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Parameters without a gradient
 * are skipped; the clipped gradients replace the old ones.
 */
public final class ClipGrad {
    /** PyTorch's guard against dividing by a zero norm. */
    private static final double EPS = 1e-6;

    private ClipGrad() {}

    /** {@link #byNorm(List, double, double)} with the Euclidean norm. */
    public static double byNorm(List<Parameter> params, double maxNorm) {
        return byNorm(params, maxNorm, 2);
    }

    /**
     * Scales all gradients together so that their total norm (the {@code normType}-norm of all of
     * them as one vector; {@code Double.POSITIVE_INFINITY} for the largest magnitude) is at most
     * {@code maxNorm}: each is multiplied by {@code maxNorm / (total + 1e-6)} when that is below 1.
     * As in PyTorch, a non-finite total makes the gradients non-finite rather than failing.
     *
     * @return the total norm before clipping (0 when no parameter has a gradient)
     */
    public static double byNorm(List<Parameter> params, double maxNorm, double normType) {
        Checks.atLeastZero("max norm", maxNorm);
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clip norm type must be > 0 (or infinity), got " + normType);
        }
        try (var noGrad = GradMode.disable()) {
            double total = 0;
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                if (normType == Double.POSITIVE_INFINITY) {
                    total = Math.max(total, g.abs().max().item());
                } else {
                    Tensor powers = normType == 2 ? g.mul(g) : g.abs().pow(normType);
                    total += powers.sum().item();
                }
            }
            if (normType != Double.POSITIVE_INFINITY) {
                total = Math.pow(total, 1 / normType);
            }
            // Math.min keeps a NaN coefficient, so a NaN norm spreads to the gradients as in PyTorch.
            double coefficient = Math.min(maxNorm / (total + EPS), 1);
            if (coefficient != 1) {
                for (Parameter p : params) {
                    Tensor g = p.grad();
                    if (g != null) {
                        p.value().setGrad(g.mul(coefficient));
                    }
                }
            }
            return total;
        }
    }

    /** Clamps every gradient element to {@code [-clipValue, clipValue]}. */
    public static void byValue(List<Parameter> params, double clipValue) {
        Checks.atLeastZero("clip value", clipValue);
        try (var noGrad = GradMode.disable()) {
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    p.value().setGrad(g.clamp(-clipValue, clipValue));
                }
            }
        }
    }
}
