package dev.claritas.nn.optim;

import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A schedule whose learning rate is a function of the step count and each group's base learning
 * rate: PyTorch's {@code _LRScheduler} with its closed forms ({@code _get_closed_form_lr}). PyTorch
 * steps most schedules recursively from the current lr, which gives the same values up to rounding
 * unless something else changes the lr in between; here each step overwrites the lr.
 *
 * <p>As in PyTorch, the base learning rate of a group is its {@code initial_lr}, recorded by the
 * first scheduler attached to the optimizer, and the constructor applies step 0 at once. Subclasses
 * therefore assign their own fields <em>before</em> calling {@code super(...)}, as Java 25 allows.
 */
public abstract class ClosedFormLrScheduler implements LrScheduler {
    private static final Set<String> STATE_KEYS = Set.of("last_epoch", "base_lrs", "last_lr");

    private final Optimizer optimizer;
    private final double[] baseLrs;
    private int lastEpoch;
    private double[] lastLrs;

    protected ClosedFormLrScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup<?>> groups = optimizer.paramGroups();
        this.baseLrs = new double[groups.size()];
        for (int g = 0; g < baseLrs.length; g++) {
            ParamGroup<?> group = groups.get(g);
            if (group.initialLr().isEmpty()) {
                group.setInitialLr(group.lr());
            }
            baseLrs[g] = group.initialLr().getAsDouble();
        }
        stepTo(0);
    }

    /** The learning rate of group {@code group} at step {@code epoch} (0 is the value before training). */
    protected abstract double lr(int group, int epoch);

    /** Sets hyperparameters other than the learning rate for step {@code epoch}; none by default. */
    protected void applyOtherHyperparameters(int epoch) {}

    public final Optimizer optimizer() {
        return optimizer;
    }

    /** The base learning rate of group {@code group}: its {@code initial_lr}. */
    protected final double baseLr(int group) {
        return baseLrs[group];
    }

    /** The number of steps taken (PyTorch's {@code last_epoch}). */
    public final int lastEpoch() {
        return lastEpoch;
    }

    @Override
    public final void step() {
        stepTo(lastEpoch + 1);
    }

    /** Jumps to step {@code epoch}: how {@link SequentialLR} restarts a schedule at its milestone. */
    final void stepTo(int epoch) {
        double[] lrs = new double[baseLrs.length];
        for (int g = 0; g < lrs.length; g++) {
            lrs[g] = lr(g, epoch);
        }
        lastEpoch = epoch;
        lastLrs = lrs;
        List<ParamGroup<?>> groups = optimizer.paramGroups();
        for (int g = 0; g < lrs.length; g++) {
            groups.get(g).setLr(lrs[g]);
        }
        applyOtherHyperparameters(epoch);
    }

    @Override
    public final double lastLr(int group) {
        return lastLrs[group];
    }

    @Override
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", StateSection.count(lastEpoch));
        out.put("base_lrs", StateSection.numbers(baseLrs));
        out.put("last_lr", StateSection.numbers(lastLrs));
        return out;
    }

    @Override
    public final void loadStateDict(Map<String, Tensor> state) {
        StateSection s = new StateSection("", state).allowOnly(STATE_KEYS);
        int epoch = s.smallCount("last_epoch");
        double[] base = s.numbers("base_lrs", baseLrs.length);
        double[] last = s.numbers("last_lr", baseLrs.length);
        lastEpoch = epoch;
        System.arraycopy(base, 0, baseLrs, 0, base.length);
        lastLrs = last;
    }
}
