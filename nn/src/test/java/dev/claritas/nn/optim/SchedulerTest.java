package dev.claritas.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduler behaviour the PyTorch sequences do not show: limits, errors, and where base rates come from. */
class SchedulerTest {

    private static SGD sgd(double lr) {
        return new SGD(List.of(new Parameter(Tensor.zeros(1))), lr);
    }

    @Test
    void oneCycleRefusesToStepPastItsLength() {
        SGD optimizer = sgd(0.1);
        OneCycleLR schedule = new OneCycleLR(optimizer, 1.0, 4);
        for (int i = 0; i < 4; i++) {
            schedule.step();
        }
        var e = assertThrows(IllegalStateException.class, schedule::step);
        assertEquals("Tried to step 6 times. The specified number of total steps is 4", e.getMessage());
    }

    @Test
    void aSecondScheduleStartsFromTheInitialLrNotTheCurrentOne() {
        SGD optimizer = sgd(0.1);
        new LinearWarmup(optimizer, 0.5, 1, 4);
        assertEquals(0.05, optimizer.lr(), 1e-15);
        StepLR step = new StepLR(optimizer, 2, 0.5);
        assertEquals(0.1, step.lastLr(), 1e-15);
        assertEquals(0.1, optimizer.paramGroups().get(0).initialLr().getAsDouble());
    }

    @Test
    void plateauNeedsAMetricAndOtherSchedulesIgnoreIt() {
        SGD optimizer = sgd(0.1);
        LrScheduler plateau = new ReduceLROnPlateau(optimizer);
        assertThrows(IllegalStateException.class, plateau::step);
        LrScheduler step = new StepLR(sgd(0.1), 1, 0.5);
        step.step(123.0);
        assertEquals(0.05, step.lastLr(), 1e-15);
    }

    @Test
    void plateauCutsFromTheCurrentLrDownToTheMinimum() {
        SGD optimizer = sgd(0.1);
        var plateau = new ReduceLROnPlateau(optimizer,
                ReduceLROnPlateau.Options.defaults().withPatience(0).withFactor(0.5).withMinLr(0.03));
        plateau.step(1.0);
        assertEquals(0.1, optimizer.lr());
        optimizer.setLr(0.08);                 // set by hand in between: the cut starts from here
        plateau.step(1.0);
        assertEquals(0.04, optimizer.lr(), 1e-15);
        plateau.step(1.0);
        assertEquals(0.03, optimizer.lr(), 1e-15);
        plateau.step(1.0);
        assertEquals(0.03, plateau.lastLr(), 1e-15);
    }

    @Test
    void sequentialChecksItsArguments() {
        SGD optimizer = sgd(0.1);
        var warmup = new LinearWarmup(optimizer);
        var cosine = new CosineAnnealingLR(optimizer, 10);
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(optimizer, List.of(warmup, cosine)));
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(optimizer, List.of(warmup, cosine), 0));
        var other = new StepLR(sgd(0.1), 3);
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(optimizer, List.of(warmup, other), 5));
    }

    @Test
    void badArgumentsAreRefused() {
        SGD optimizer = sgd(0.1);
        assertThrows(IllegalArgumentException.class, () -> new StepLR(optimizer, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(optimizer, 0));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(optimizer, 0, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(optimizer, new double[] {1, 2}, 10,
                OneCycleLR.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.Options.defaults().withFactor(1));
    }
}
