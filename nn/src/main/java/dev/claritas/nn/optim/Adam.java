package dev.claritas.nn.optim;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) as PyTorch implements it: bias-corrected moments, L2 weight decay added
 * to the gradient, eps added after the square root. Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8.
 */
public final class Adam extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final Tensor[] expAvg, expAvgSq;
    private final int[] steps;

    public Adam(List<Parameter> params) {
        this(params, 1e-3);
    }

    public Adam(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0);
    }

    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr);
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        int n = this.params.size();
        this.expAvg = new Tensor[n];
        this.expAvgSq = new Tensor[n];
        this.steps = new int[n];
    }

    @Override
    protected void update(int i, Parameter p) {
        Tensor w = p.value();
        Tensor g = p.grad();
        if (weightDecay != 0) {
            g = g.add(w.mul(weightDecay));
        }
        if (expAvg[i] == null) {
            expAvg[i] = w.zerosLike();
            expAvgSq[i] = w.zerosLike();
        }
        int t = ++steps[i];
        expAvg[i] = expAvg[i].mul(beta1).add(g.mul(1 - beta1));
        expAvgSq[i] = expAvgSq[i].mul(beta2).add(g.mul(g).mul(1 - beta2));
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double stepSize = lr() / biasCorrection1;
        Tensor denom = expAvgSq[i].sqrt().div(Math.sqrt(biasCorrection2)).add(eps);
        w.addInPlace(expAvg[i].div(denom), -stepSize);
    }
}
