package dev.claritas.nn.optim;

import java.util.Arrays;

/**
 * Multiplies the learning rate by {@code gamma} at each milestone
 * ({@code torch.optim.lr_scheduler.MultiStepLR}): {@code lr = base · gamma^(milestones ≤ epoch)}.
 * A milestone listed twice counts twice, as in PyTorch.
 */
public final class MultiStepLR extends ClosedFormLrScheduler {
    private final int[] milestones;
    private final double gamma;

    /** With PyTorch's default gamma of 0.1. */
    public MultiStepLR(Optimizer optimizer, int... milestones) {
        this(optimizer, 0.1, milestones);
    }

    public MultiStepLR(Optimizer optimizer, double gamma, int... milestones) {
        int[] sorted = milestones.clone();
        Arrays.sort(sorted);
        this.milestones = sorted;
        this.gamma = gamma;
        super(optimizer);
    }

    @Override
    protected double lr(int group, int epoch) {
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= epoch) {
            passed++;
        }
        return baseLr(group) * Math.pow(gamma, passed);
    }
}
