package dev.claritas.nn.optim;

import dev.claritas.nn.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) as PyTorch implements it ({@code torch.optim.Adam}): bias-corrected
 * moments, L2 weight decay added to the gradient, eps added after the square root, optional
 * AMSGrad. Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. State per parameter:
 * {@code step}, {@code exp_avg}, {@code exp_avg_sq} and, with AMSGrad, {@code max_exp_avg_sq}.
 */
public final class Adam extends AdamFamily {
    public Adam(List<Parameter> params) {
        this(params, defaults());
    }

    public Adam(List<Parameter> params, double lr) {
        this(params, defaults().withLr(lr));
    }

    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, new AdamOptions(lr, beta1, beta2, eps, weightDecay, false));
    }

    public Adam(List<Parameter> params, AdamOptions options) {
        super(List.of(new ParamGroup<>(params, options)), false);
    }

    /** One optimizer over several groups, each with its own options. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied into an immutable list
    public Adam(ParamGroup<AdamOptions>... groups) {
        super(List.of(groups), false);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, no AMSGrad. */
    public static AdamOptions defaults() {
        return new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0, false);
    }
}
