package dev.claritas.nn.optim;

import java.util.Arrays;
import java.util.List;

/**
 * The 1cycle policy (Smith and Topin 2019) as PyTorch implements it
 * ({@code torch.optim.lr_scheduler.OneCycleLR}): the learning rate rises from
 * {@code maxLr / divFactor} to {@code maxLr} over the first {@code pctStart} of {@code totalSteps},
 * then falls to {@code initial / finalDivFactor}; with {@code threePhase} it first comes back down
 * to the initial lr symmetrically and only then falls to the minimum. With {@code cycleMomentum}
 * (the default) the momentum moves the opposite way between {@code maxMomentum} and
 * {@code baseMomentum}: SGD's and RMSprop's momentum, Adam's beta1, as PyTorch does; note that this
 * turns momentum on for an SGD built without it. Stepping past {@code totalSteps} is an error.
 *
 * <p>The schedule sets each group's {@code initial_lr} to {@code maxLr / divFactor}, which is the
 * base a later scheduler on the same optimizer starts from.
 */
public final class OneCycleLR extends ClosedFormLrScheduler {

    /** How the value moves within a phase: half a cosine or a straight line. */
    public enum Anneal { COS, LINEAR }

    /**
     * Everything but the peak learning rates and the length, with PyTorch's defaults from {@link #defaults()}.
     *
     * @param pctStart fraction of the steps spent rising
     * @param anneal the shape of each phase
     * @param cycleMomentum whether to move the momentum against the learning rate
     * @param baseMomentum the momentum at the peak learning rate
     * @param maxMomentum the momentum at the start and the end
     * @param divFactor initial lr = max lr / divFactor
     * @param finalDivFactor final lr = initial lr / finalDivFactor
     * @param threePhase come back down to the initial lr before the final fall
     */
    public record Options(double pctStart, Anneal anneal, boolean cycleMomentum, double baseMomentum, double maxMomentum,
                          double divFactor, double finalDivFactor, boolean threePhase) {
        public Options {
            if (!(pctStart >= 0 && pctStart <= 1)) {
                throw new IllegalArgumentException("OneCycleLR pct_start must be in [0, 1], got " + pctStart);
            }
            if (!(divFactor > 0 && finalDivFactor > 0)) {
                throw new IllegalArgumentException("OneCycleLR div factors must be > 0, got " + divFactor + ", " + finalDivFactor);
            }
        }

        /** PyTorch's defaults: pct_start 0.3, cosine, momentum cycled between 0.85 and 0.95, div factors 25 and 1e4, two phases. */
        public static Options defaults() {
            return new Options(0.3, Anneal.COS, true, 0.85, 0.95, 25, 1e4, false);
        }

        public Options withPctStart(double pctStart) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withAnneal(Anneal anneal) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withCycleMomentum(boolean cycleMomentum) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withMomentumRange(double baseMomentum, double maxMomentum) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withDivFactors(double divFactor, double finalDivFactor) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withThreePhase(boolean threePhase) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }
    }

    /** The three levels a phase moves between; the momentum is low where the lr peaks. */
    private enum Level { INITIAL, PEAK, FINAL }

    /** A phase ends at a fractional step, as PyTorch computes it ({@code pct_start · total − 1}). */
    private record Phase(double endStep, Level from, Level to) {}

    private final double[] maxLrs;
    private final int totalSteps;
    private final Options options;
    private final List<Phase> phases;

    /** With PyTorch's defaults ({@link Options#defaults()}) and the same peak for every group. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, Options.defaults());
    }

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, Options options) {
        this(optimizer, sameForEachGroup(optimizer, maxLr), totalSteps, options);
    }

    /** With a peak learning rate per parameter group. */
    public OneCycleLR(Optimizer optimizer, double[] maxLrs, int totalSteps, Options options) {
        Checks.positive("OneCycleLR total steps", totalSteps);
        List<ParamGroup<?>> groups = optimizer.paramGroups();
        if (maxLrs.length != groups.size()) {
            throw new IllegalArgumentException("expected " + groups.size() + " values for max_lr, got " + maxLrs.length);
        }
        this.maxLrs = maxLrs.clone();
        this.totalSteps = totalSteps;
        this.options = options;
        double rise = options.pctStart() * totalSteps;
        this.phases = options.threePhase()
                ? List.of(new Phase(rise - 1, Level.INITIAL, Level.PEAK), new Phase(2 * rise - 2, Level.PEAK, Level.INITIAL),
                        new Phase(totalSteps - 1, Level.INITIAL, Level.FINAL))
                : List.of(new Phase(rise - 1, Level.INITIAL, Level.PEAK), new Phase(totalSteps - 1, Level.PEAK, Level.FINAL));
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).setInitialLr(maxLrs[g] / options.divFactor());
        }
        super(optimizer);
    }

    @Override
    protected double lr(int group, int epoch) {
        if (epoch > totalSteps) {
            throw new IllegalStateException("Tried to step " + (epoch + 1) + " times. The specified number of total steps is "
                    + totalSteps);
        }
        Position at = locate(epoch);
        return anneal(lrAt(group, at.phase().from()), lrAt(group, at.phase().to()), at.pct());
    }

    @Override
    protected void applyOtherHyperparameters(int epoch) {
        if (!options.cycleMomentum()) {
            return;
        }
        Position at = locate(epoch);
        double momentum = anneal(momentumAt(at.phase().from()), momentumAt(at.phase().to()), at.pct());
        optimizer().paramGroups().forEach(g -> g.setMomentum(momentum));
    }

    private record Position(Phase phase, double pct) {}

    /** The phase of step {@code epoch} and how far into it the step is; the last phase extends to the end. */
    private Position locate(int epoch) {
        double start = 0;
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            if (epoch <= phase.endStep() || i == phases.size() - 1) {
                return new Position(phase, (epoch - start) / (phase.endStep() - start));
            }
            start = phase.endStep();
        }
        throw new AssertionError("a schedule has at least one phase");
    }

    private double lrAt(int group, Level level) {
        return switch (level) {
            case INITIAL -> baseLr(group);
            case PEAK -> maxLrs[group];
            case FINAL -> baseLr(group) / options.finalDivFactor();
        };
    }

    private double momentumAt(Level level) {
        return level == Level.PEAK ? options.baseMomentum() : options.maxMomentum();
    }

    private double anneal(double start, double end, double pct) {
        return switch (options.anneal()) {
            case COS -> end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
            case LINEAR -> (end - start) * pct + start;
        };
    }

    private static double[] sameForEachGroup(Optimizer optimizer, double value) {
        double[] values = new double[optimizer.paramGroups().size()];
        Arrays.fill(values, value);
        return values;
    }
}
