package dev.claritas.nn.optim;

import dev.claritas.tensor.Tensor;
import java.util.Map;

/**
 * Sets an optimizer's learning rates as training proceeds (PyTorch's {@code torch.optim.lr_scheduler}).
 * Call {@link #step()} once per optimizer step (or per epoch, as the schedule was designed), after
 * {@code optimizer.step()}. One scheduler drives an optimizer at a time; {@link SequentialLR} hands
 * over from one to the next.
 */
public interface LrScheduler {
    /** Advances the schedule by one step and sets the optimizer's learning rates. */
    void step();

    /**
     * Advances with a validation metric: {@link ReduceLROnPlateau} decides from it, the other
     * schedules ignore it, so a training loop can call this whatever the schedule.
     */
    default void step(double metric) {
        step();
    }

    /** The learning rate of group {@code group} as this scheduler last set or found it. */
    double lastLr(int group);

    /** The first group's {@link #lastLr(int)}: the learning rate when there is one group. */
    default double lastLr() {
        return lastLr(0);
    }

    /**
     * The counters and values the schedule needs to resume, under PyTorch's attribute names
     * ({@code last_epoch}, {@code base_lrs}, ...), as float64 and int64 tensors. The configuration
     * (step sizes, factors) is not included: it is rebuilt by the code that builds the scheduler.
     */
    Map<String, Tensor> stateDict();

    /**
     * Restores what {@link #stateDict()} returned, into a scheduler built the same way. The
     * optimizer's learning rates are not touched: they come back with the optimizer's state dict.
     */
    void loadStateDict(Map<String, Tensor> state);
}
