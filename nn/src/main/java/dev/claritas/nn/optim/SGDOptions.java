package dev.claritas.nn.optim;

import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The hyperparameters of an {@link SGD} parameter group, with PyTorch's meaning and checks.
 *
 * @param lr the learning rate (PyTorch has no default)
 * @param momentum momentum factor, 0 for none
 * @param dampening dampening of the momentum's new gradient
 * @param weightDecay L2 penalty added to the gradient
 * @param nesterov Nesterov momentum (needs a momentum and no dampening)
 */
public record SGDOptions(double lr, double momentum, double dampening, double weightDecay, boolean nesterov)
        implements GroupOptions<SGDOptions> {

    private static final Set<String> KEYS = Set.of("lr", "momentum", "dampening", "weight_decay", "nesterov");

    public SGDOptions {
        Checks.atLeastZero("learning rate", lr);
        Checks.atLeastZero("momentum", momentum);
        Checks.atLeastZero("weight decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum > 0 and zero dampening");
        }
    }

    /** PyTorch's defaults: no momentum, dampening or weight decay. */
    public static SGDOptions of(double lr) {
        return new SGDOptions(lr, 0, 0, 0, false);
    }

    @Override
    public SGDOptions withLr(double lr) {
        return new SGDOptions(lr, momentum, dampening, weightDecay, nesterov);
    }

    @Override
    public SGDOptions withMomentum(double momentum) {
        return new SGDOptions(lr, momentum, dampening, weightDecay, nesterov);
    }

    public SGDOptions withDampening(double dampening) {
        return new SGDOptions(lr, momentum, dampening, weightDecay, nesterov);
    }

    public SGDOptions withWeightDecay(double weightDecay) {
        return new SGDOptions(lr, momentum, dampening, weightDecay, nesterov);
    }

    public SGDOptions withNesterov(boolean nesterov) {
        return new SGDOptions(lr, momentum, dampening, weightDecay, nesterov);
    }

    @Override
    public Map<String, Tensor> toStateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("lr", StateSection.number(lr));
        out.put("momentum", StateSection.number(momentum));
        out.put("dampening", StateSection.number(dampening));
        out.put("weight_decay", StateSection.number(weightDecay));
        out.put("nesterov", StateSection.flag(nesterov));
        return out;
    }

    @Override
    public SGDOptions fromStateDict(Map<String, Tensor> entries) {
        StateSection s = new StateSection("", entries).allowOnly(KEYS);
        return new SGDOptions(s.number("lr"), s.number("momentum"), s.number("dampening"), s.number("weight_decay"),
                s.flag("nesterov"));
    }
}
