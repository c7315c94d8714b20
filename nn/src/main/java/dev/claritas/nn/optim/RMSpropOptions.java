package dev.claritas.nn.optim;

import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The hyperparameters of an {@link RMSprop} parameter group, with PyTorch's meaning and checks;
 * {@link RMSprop#defaults()} gives PyTorch's defaults.
 *
 * @param lr the learning rate
 * @param alpha decay of the running average of squared gradients
 * @param eps added to the denominator after the square root
 * @param weightDecay L2 penalty added to the gradient
 * @param momentum momentum factor, 0 for none
 * @param centered divide by an estimate of the gradient's variance rather than its second moment
 */
public record RMSpropOptions(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
        implements GroupOptions<RMSpropOptions> {

    private static final Set<String> KEYS = Set.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered");

    public RMSpropOptions {
        Checks.atLeastZero("learning rate", lr);
        Checks.atLeastZero("alpha", alpha);
        Checks.atLeastZero("eps", eps);
        Checks.atLeastZero("weight decay", weightDecay);
        Checks.atLeastZero("momentum", momentum);
    }

    @Override
    public RMSpropOptions withLr(double lr) {
        return new RMSpropOptions(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RMSpropOptions withAlpha(double alpha) {
        return new RMSpropOptions(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RMSpropOptions withEps(double eps) {
        return new RMSpropOptions(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RMSpropOptions withWeightDecay(double weightDecay) {
        return new RMSpropOptions(lr, alpha, eps, weightDecay, momentum, centered);
    }

    @Override
    public RMSpropOptions withMomentum(double momentum) {
        return new RMSpropOptions(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RMSpropOptions withCentered(boolean centered) {
        return new RMSpropOptions(lr, alpha, eps, weightDecay, momentum, centered);
    }

    @Override
    public Map<String, Tensor> toStateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("lr", StateSection.number(lr));
        out.put("alpha", StateSection.number(alpha));
        out.put("eps", StateSection.number(eps));
        out.put("weight_decay", StateSection.number(weightDecay));
        out.put("momentum", StateSection.number(momentum));
        out.put("centered", StateSection.flag(centered));
        return out;
    }

    @Override
    public RMSpropOptions fromStateDict(Map<String, Tensor> entries) {
        StateSection s = new StateSection("", entries).allowOnly(KEYS);
        return new RMSpropOptions(s.number("lr"), s.number("alpha"), s.number("eps"), s.number("weight_decay"),
                s.number("momentum"), s.flag("centered"));
    }
}
