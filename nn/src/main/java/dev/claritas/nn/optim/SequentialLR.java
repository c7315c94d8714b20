package dev.claritas.nn.optim;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs schedules one after another ({@code torch.optim.lr_scheduler.SequentialLR}): schedule
 * {@code i} drives the optimizer from milestone {@code i − 1} on and restarts from its own step 0
 * there. The usual use is a warm-up followed by the main schedule:
 *
 * <pre>{@code
 * var warmup = new LinearWarmup(optimizer, 0.1, 1.0, 5);
 * var cosine = new CosineAnnealingLR(optimizer, 95);
 * var schedule = new SequentialLR(optimizer, List.of(warmup, cosine), 5);
 * }</pre>
 *
 * Build the schedules first, all on the optimizer given here; this constructor then applies the
 * first schedule's step 0, undoing what building the others did to the learning rate.
 */
public final class SequentialLR implements LrScheduler {
    private final List<ClosedFormLrScheduler> schedulers;
    private final int[] milestones;
    private int lastEpoch;

    public SequentialLR(Optimizer optimizer, List<? extends ClosedFormLrScheduler> schedulers, int... milestones) {
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("SequentialLR needs at least one schedule");
        }
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR expects one milestone fewer than schedules, got "
                    + schedulers.size() + " schedules and " + milestones.length + " milestones");
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("SequentialLR: schedule " + i + " belongs to another optimizer");
            }
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] <= (i == 0 ? 0 : milestones[i - 1])) {
                throw new IllegalArgumentException("SequentialLR milestones must be positive and increasing, got "
                        + Arrays.toString(milestones));
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        this.schedulers.get(0).stepTo(0);
    }

    @Override
    public void step() {
        lastEpoch++;
        int active = active();
        ClosedFormLrScheduler scheduler = schedulers.get(active);
        if (active > 0 && milestones[active - 1] == lastEpoch) {
            scheduler.stepTo(0);
        } else {
            scheduler.step();
        }
    }

    @Override
    public double lastLr(int group) {
        return schedulers.get(active()).lastLr(group);
    }

    /** The index of the schedule that drives step {@link #lastEpoch}: the number of milestones reached. */
    private int active() {
        int i = 0;
        while (i < milestones.length && milestones[i] <= lastEpoch) {
            i++;
        }
        return i;
    }

    /** {@code last_epoch} and each schedule's state under {@code schedulers.<i>.}. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", StateSection.count(lastEpoch));
        for (int i = 0; i < schedulers.size(); i++) {
            StateSection.putAll(out, "schedulers." + i + ".", schedulers.get(i).stateDict());
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateSection all = new StateSection("", state);
        int epoch = all.outside("schedulers").allowOnly(Set.of("last_epoch")).smallCount("last_epoch");
        Map<Integer, StateSection> children = all.indexed("schedulers", schedulers.size());
        for (int i = 0; i < schedulers.size(); i++) {
            if (!children.containsKey(i)) {
                throw new IllegalArgumentException("state dict has no entries schedulers." + i + ".*");
            }
        }
        children.forEach((i, child) -> schedulers.get(i).loadStateDict(child.entriesExcept()));
        lastEpoch = epoch;
    }
}
