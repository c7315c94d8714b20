package dev.claritas.mri.denoise;

import dev.claritas.mri.degrade.RicianNoise;
import dev.claritas.mri.models.DnCNN;
import dev.claritas.nn.MSELoss;
import dev.claritas.nn.optim.Adam;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a DnCNN as a blind denoiser: random patches of the training slices (intensities divided by
 * the volume maximum), random flips, Rician noise with σ drawn uniformly from
 * [{@code minNoise}, {@code maxNoise}] of the maximum per patch, MSE to the clean patch, Adam.
 * The learning rate drops tenfold for the last fifth of the steps.
 */
public final class DenoiserTraining {

    /** Hyper-parameters; {@link #defaults()} reproduces the shipped weights. */
    public record Config(int depth, int channels, int patchSize, int batchSize, int steps, double lr,
                         double minNoise, double maxNoise, long seed) {
        public static Config defaults() {
            return new Config(8, 32, 48, 16, 2000, 1e-3, 0.01, 0.15, 20261121L);
        }

        public Config withSteps(int newSteps) {
            return new Config(depth, channels, patchSize, batchSize, newSteps, lr, minNoise, maxNoise, seed);
        }
    }

    /** Called after every step with the step number (from 1), its loss and the model being trained (for checkpoints). */
    @FunctionalInterface
    public interface StepListener {
        void onStep(int step, double loss, DnCNN model);
    }

    private final Config config;
    private final Volume volume;
    private final List<Integer> trainSlices;
    private final float scale;
    private final SplittableRandom random;
    private final Generator noise;

    public DenoiserTraining(Config config, Volume volume, List<Integer> trainSlices) {
        if (volume.nx() < config.patchSize() || volume.ny() < config.patchSize()) {
            throw new IllegalArgumentException("slices of " + volume.nx() + "x" + volume.ny()
                    + " are smaller than the patch size " + config.patchSize());
        }
        if (trainSlices.isEmpty()) {
            throw new IllegalArgumentException("no training slices");
        }
        this.config = config;
        this.volume = volume;
        this.trainSlices = List.copyOf(trainSlices);
        this.scale = volume.max();
        this.random = new SplittableRandom(config.seed());
        this.noise = new Generator(config.seed());
    }

    /** Trains a new DnCNN for {@code config.steps()} steps on the CPU. */
    public DnCNN run(StepListener listener) {
        return run(Device.CPU, listener);
    }

    /**
     * Trains a new DnCNN for {@code config.steps()} steps with the model and every batch on
     * {@code device}; patches are cut on the host and moved once per step.
     */
    public DnCNN run(Device device, StepListener listener) {
        Generator.manualSeed(config.seed()); // the initial weights, drawn on the host so every device starts alike
        DnCNN model = new DnCNN(config.depth(), config.channels());
        model.to(device);
        model.train();
        Adam adam = new Adam(model.parameters(), config.lr());
        MSELoss mse = new MSELoss();
        int decayAt = config.steps() * 4 / 5;
        for (int step = 1; step <= config.steps(); step++) {
            if (step == decayAt + 1) {
                adam.setLr(config.lr() / 10);
            }
            adam.zeroGrad();
            double loss;
            try (Scope scope = Scope.open()) { // the next step reuses this one's memory
                Tensor clean = samplePatches().to(device);
                Tensor sigma = Tensor.of(noiseLevels(), config.batchSize(), 1, 1, 1).to(device);
                Tensor noisy = RicianNoise.apply(clean, sigma, noise);
                Tensor value = mse.apply(model.forward(noisy), clean);
                value.backward();
                loss = value.item();
            }
            adam.step();
            listener.onStep(step, loss, model);
        }
        model.eval();
        return model;
    }

    private float[] noiseLevels() {
        float[] s = new float[config.batchSize()];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (config.minNoise() + (config.maxNoise() - config.minNoise()) * random.nextDouble());
        }
        return s;
    }

    /** A [batch, 1, p, p] tensor of normalised patches that contain tissue, randomly flipped. */
    private Tensor samplePatches() {
        int p = config.patchSize();
        float[] out = new float[config.batchSize() * p * p];
        float[] patch = new float[p * p];
        for (int b = 0; b < config.batchSize(); b++) {
            for (int attempt = 0; attempt < 20; attempt++) {
                cutPatch(patch);
                if (max(patch) > 0.2f) { // mostly skip pure background
                    break;
                }
            }
            System.arraycopy(patch, 0, out, b * p * p, p * p);
        }
        return Tensor.of(out, config.batchSize(), 1, p, p);
    }

    private void cutPatch(float[] patch) {
        int p = config.patchSize();
        int z = trainSlices.get(random.nextInt(trainSlices.size()));
        int x0 = random.nextInt(volume.nx() - p + 1);
        int y0 = random.nextInt(volume.ny() - p + 1);
        boolean flipX = random.nextBoolean(), flipY = random.nextBoolean();
        float[] data = volume.data();
        int base = z * volume.nx() * volume.ny();
        for (int y = 0; y < p; y++) {
            int sy = y0 + (flipY ? p - 1 - y : y);
            for (int x = 0; x < p; x++) {
                int sx = x0 + (flipX ? p - 1 - x : x);
                patch[y * p + x] = data[base + sy * volume.nx() + sx] / scale;
            }
        }
    }

    private static float max(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
