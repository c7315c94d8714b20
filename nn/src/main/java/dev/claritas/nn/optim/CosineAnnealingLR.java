package dev.claritas.nn.optim;

/**
 * Cosine annealing from the base learning rate to {@code etaMin} over {@code tMax} steps
 * ({@code torch.optim.lr_scheduler.CosineAnnealingLR}, SGDR without restarts), in closed form:
 * {@code lr = etaMin + (base − etaMin)(1 + cos(π · epoch / tMax)) / 2}. Past {@code tMax} the
 * cosine goes on and the lr rises again, as PyTorch's does.
 */
public final class CosineAnnealingLR extends ClosedFormLrScheduler {
    private final int tMax;
    private final double etaMin;

    /** Annealing to 0, PyTorch's default {@code eta_min}. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        Checks.positive("CosineAnnealingLR T_max", tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        super(optimizer);
    }

    @Override
    protected double lr(int group, int epoch) {
        return etaMin + (baseLr(group) - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
