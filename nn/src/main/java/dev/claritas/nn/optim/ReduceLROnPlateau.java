package dev.claritas.nn.optim;

import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts the learning rate when a metric stops improving ({@code torch.optim.lr_scheduler.ReduceLROnPlateau}):
 * after more than {@code patience} steps without improvement, every group's lr becomes
 * {@code max(lr · factor, minLr)} (unless that changes it by less than {@code eps}), then
 * {@code cooldown} steps pass in which bad steps are not counted. An improvement is a metric below
 * {@code best · (1 − threshold)} (mode MIN, threshold mode REL), below {@code best − threshold}
 * (ABS), or the mirror images in mode MAX. Unlike the other schedules it multiplies the current lr,
 * so it works on top of whatever the lr is. Drive it with {@link #step(double)}.
 */
public final class ReduceLROnPlateau implements LrScheduler {

    /** Whether lower (loss) or higher (accuracy) metrics are better. */
    public enum Mode { MIN, MAX }

    /** Whether the threshold is relative to the best value or an absolute margin. */
    public enum ThresholdMode { REL, ABS }

    /**
     * The configuration, with PyTorch's defaults from {@link #defaults()}.
     *
     * @param mode MIN or MAX
     * @param factor multiplier of the lr at each cut, below 1
     * @param patience number of bad steps tolerated before a cut
     * @param threshold smallest change that counts as an improvement
     * @param thresholdMode REL or ABS
     * @param cooldown steps after a cut in which bad steps are not counted
     * @param minLr lower bound of every group's lr
     * @param eps smallest change of the lr worth making
     */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                          int cooldown, double minLr, double eps) {
        public Options {
            if (!(factor < 1)) {
                throw new IllegalArgumentException("ReduceLROnPlateau factor must be < 1, got " + factor);
            }
            Checks.atLeastZero("ReduceLROnPlateau patience", patience);
            Checks.atLeastZero("ReduceLROnPlateau cooldown", cooldown);
            Checks.atLeastZero("ReduceLROnPlateau min lr", minLr);
        }

        /** PyTorch's defaults: mode MIN, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, min lr 0, eps 1e-8. */
        public static Options defaults() {
            return new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
        }

        public Options withMode(Mode mode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withFactor(double factor) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withPatience(int patience) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withThreshold(double threshold, ThresholdMode thresholdMode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withCooldown(int cooldown) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withMinLr(double minLr) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withEps(double eps) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }
    }

    private static final Set<String> STATE_KEYS = Set.of("last_epoch", "best", "num_bad_epochs", "cooldown_counter", "last_lr");

    private final Optimizer optimizer;
    private final Options options;
    private int lastEpoch;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private double[] lastLrs;

    /** With PyTorch's defaults ({@link Options#defaults()}). */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Options.defaults());
    }

    public ReduceLROnPlateau(Optimizer optimizer, Options options) {
        this.optimizer = optimizer;
        this.options = options;
        this.best = options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLrs = currentLrs();
    }

    /** A plateau is defined by a metric: use {@link #step(double)}. */
    @Override
    public void step() {
        throw new IllegalStateException("ReduceLROnPlateau needs the metric: call step(metric)");
    }

    @Override
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > options.patience()) {
            reduce();
            cooldownCounter = options.cooldown();
            numBadEpochs = 0;
        }
        lastLrs = currentLrs();
    }

    private boolean isBetter(double metric) {
        double t = options.threshold();
        boolean relative = options.thresholdMode() == ThresholdMode.REL;
        return options.mode() == Mode.MIN
                ? metric < (relative ? best * (1 - t) : best - t)
                : metric > (relative ? best * (t + 1) : best + t);
    }

    private void reduce() {
        for (ParamGroup<?> group : optimizer.paramGroups()) {
            double old = group.lr();
            double reduced = Math.max(old * options.factor(), options.minLr());
            if (old - reduced > options.eps()) {
                group.setLr(reduced);
            }
        }
    }

    private double[] currentLrs() {
        List<ParamGroup<?>> groups = optimizer.paramGroups();
        return groups.stream().mapToDouble(ParamGroup::lr).toArray();
    }

    @Override
    public double lastLr(int group) {
        return lastLrs[group];
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", StateSection.count(lastEpoch));
        out.put("best", StateSection.number(best));
        out.put("num_bad_epochs", StateSection.count(numBadEpochs));
        out.put("cooldown_counter", StateSection.count(cooldownCounter));
        out.put("last_lr", StateSection.numbers(lastLrs));
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateSection s = new StateSection("", state).allowOnly(STATE_KEYS);
        int epoch = s.smallCount("last_epoch");
        double loadedBest = s.number("best");
        int bad = s.smallCount("num_bad_epochs");
        int cooldown = s.smallCount("cooldown_counter");
        double[] last = s.numbers("last_lr", lastLrs.length);
        lastEpoch = epoch;
        best = loadedBest;
        numBadEpochs = bad;
        cooldownCounter = cooldown;
        lastLrs = last;
    }
}
