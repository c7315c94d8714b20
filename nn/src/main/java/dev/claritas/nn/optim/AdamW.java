package dev.claritas.nn.optim;

import dev.claritas.nn.Parameter;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019) as PyTorch implements it
 * ({@code torch.optim.AdamW}): before the Adam update the weights shrink by {@code lr * weight_decay}
 * of themselves, and the gradient carries no decay term. Defaults: lr 1e-3, betas (0.9, 0.999),
 * eps 1e-8, weight decay 1e-2. State per parameter as {@link Adam}'s.
 */
public final class AdamW extends AdamFamily {
    public AdamW(List<Parameter> params) {
        this(params, defaults());
    }

    public AdamW(List<Parameter> params, double lr) {
        this(params, defaults().withLr(lr));
    }

    public AdamW(List<Parameter> params, AdamOptions options) {
        super(List.of(new ParamGroup<>(params, options)), true);
    }

    /** One optimizer over several groups, each with its own options. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied into an immutable list
    public AdamW(ParamGroup<AdamOptions>... groups) {
        super(List.of(groups), true);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no AMSGrad. */
    public static AdamOptions defaults() {
        return new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 1e-2, false);
    }
}
