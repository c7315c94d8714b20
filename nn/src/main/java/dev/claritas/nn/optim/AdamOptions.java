package dev.claritas.nn.optim;

import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The hyperparameters of an {@link Adam} or {@link AdamW} parameter group, with PyTorch's meaning
 * and checks; {@link Adam#defaults()} and {@link AdamW#defaults()} give PyTorch's defaults, which
 * differ in the weight decay.
 *
 * @param lr the learning rate
 * @param beta1 decay of the first moment ({@code betas[0]})
 * @param beta2 decay of the second moment ({@code betas[1]})
 * @param eps added to the denominator after the square root
 * @param weightDecay L2 penalty added to the gradient (Adam) or decoupled decay of the weights (AdamW)
 * @param amsgrad divide by the running maximum of the second moment (Reddi et al. 2018)
 */
public record AdamOptions(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements GroupOptions<AdamOptions> {

    private static final Set<String> KEYS = Set.of("lr", "betas", "eps", "weight_decay", "amsgrad");

    public AdamOptions {
        Checks.atLeastZero("learning rate", lr);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        Checks.atLeastZero("eps", eps);
        Checks.atLeastZero("weight decay", weightDecay);
    }

    @Override
    public AdamOptions withLr(double lr) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamOptions withBetas(double beta1, double beta2) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamOptions withEps(double eps) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamOptions withWeightDecay(double weightDecay) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamOptions withAmsgrad(boolean amsgrad) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    /** {@code beta1}. */
    @Override
    public double momentum() {
        return beta1;
    }

    /** Sets {@code beta1}. */
    @Override
    public AdamOptions withMomentum(double momentum) {
        return withBetas(momentum, beta2);
    }

    @Override
    public Map<String, Tensor> toStateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("lr", StateSection.number(lr));
        out.put("betas", StateSection.numbers(beta1, beta2));
        out.put("eps", StateSection.number(eps));
        out.put("weight_decay", StateSection.number(weightDecay));
        out.put("amsgrad", StateSection.flag(amsgrad));
        return out;
    }

    @Override
    public AdamOptions fromStateDict(Map<String, Tensor> entries) {
        StateSection s = new StateSection("", entries).allowOnly(KEYS);
        double[] betas = s.numbers("betas", 2);
        return new AdamOptions(s.number("lr"), betas[0], betas[1], s.number("eps"), s.number("weight_decay"),
                s.flag("amsgrad"));
    }
}
