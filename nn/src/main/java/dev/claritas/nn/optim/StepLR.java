package dev.claritas.nn.optim;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} steps
 * ({@code torch.optim.lr_scheduler.StepLR}): {@code lr = base · gamma^⌊epoch / stepSize⌋}.
 */
public final class StepLR extends ClosedFormLrScheduler {
    private final int stepSize;
    private final double gamma;

    /** With PyTorch's default gamma of 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        Checks.positive("StepLR step size", stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        super(optimizer);
    }

    @Override
    protected double lr(int group, int epoch) {
        return baseLr(group) * Math.pow(gamma, epoch / stepSize);
    }
}
