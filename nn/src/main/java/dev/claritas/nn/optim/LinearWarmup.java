package dev.claritas.nn.optim;

/**
 * Scales the learning rate by a factor that moves linearly from {@code startFactor} to
 * {@code endFactor} over {@code totalIters} steps and then stays (PyTorch's
 * {@code torch.optim.lr_scheduler.LinearLR}): {@code lr = base · (start + (end − start) · min(epoch, totalIters) / totalIters)}.
 * Mostly a warm-up before another schedule, chained with {@link SequentialLR}.
 */
public final class LinearWarmup extends ClosedFormLrScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** PyTorch's defaults: from 1/3 of the base lr to all of it over 5 steps. */
    public LinearWarmup(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    public LinearWarmup(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup start factor must be in (0, 1], got " + startFactor);
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup end factor must be in [0, 1], got " + endFactor);
        }
        Checks.positive("LinearWarmup total iterations", totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        super(optimizer);
    }

    @Override
    protected double lr(int group, int epoch) {
        return baseLr(group) * (startFactor + (endFactor - startFactor) * Math.min(totalIters, epoch) / totalIters);
    }
}
