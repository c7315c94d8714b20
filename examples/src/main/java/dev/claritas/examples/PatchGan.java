package dev.claritas.examples;

import dev.claritas.autograd.GradMode;
import dev.claritas.nn.AdversarialLoss;
import dev.claritas.nn.Sequential;
import dev.claritas.nn.optim.Adam;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Trains a DCGAN ({@link Dcgan}) on 32×32 patches of the shipped T1 scan: patches of the training slices that are
 * mostly brain, scaled from [0, max] to [−1, 1] and mirrored left to right at random. The losses are the original
 * GAN's with the non-saturating generator loss ({@link AdversarialLoss.Kind#VANILLA}); both networks use Adam with
 * DCGAN's settings, learning rate 2·10⁻⁴ and betas (0.5, 0.999).
 *
 * <p>Run it with {@code examples/run PatchGan [--steps N] [--seed S] [--output DIR]}; it writes
 * {@code gan-loss.png} (both losses per step) and {@code gan-samples.png} (16 generated patches beside 16 real ones).
 */
@Command(name = "PatchGan", description = "Train a DCGAN on 32x32 patches of the T1 scan.")
public final class PatchGan implements Callable<Integer> {
    static final int PATCH = 32, BATCH = 32;
    /** The least fraction of brain voxels in a real patch. */
    static final double MIN_BRAIN = 0.8;
    static final double LR = 2e-4, BETA1 = 0.5, BETA2 = 0.999;
    /** The samples grid: 4 × 4 patches, each pixel shown as a 4 × 4 block. */
    static final int GRID = 4, SCALE = 4;

    @Option(names = "--steps", paramLabel = "N",
            description = "training steps, one discriminator and one generator update each (default: ${DEFAULT-VALUE})")
    int steps = 800;
    @Option(names = "--seed", paramLabel = "S",
            description = "seed of the weights, the latent vectors and the sampling (default: ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--output", paramLabel = "DIR",
            description = "folder for gan-loss.png and gan-samples.png (default: ${DEFAULT-VALUE})")
    Path output = Path.of("claritas-out");
    @Option(names = "--data", paramLabel = "DIR",
            description = "folder of the T1 scan and its labels (default: examples/data)")
    Path data = LabelledScan.defaultDirectory();
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
    @Spec
    CommandSpec spec;

    /** The loss of each network at every step. */
    record Result(double[] generatorLoss, double[] discriminatorLoss) {}

    public static void main(String[] args) {
        System.exit(ExampleCommands.execute(new PatchGan(), args));
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be at least 1, got " + steps);
        }
        long start = System.nanoTime();
        Result r = run(LabelledScan.load(data), steps, seed, output, true);
        int tail = Math.max(1, steps / 10);
        System.out.printf(Locale.ROOT, "mean of the last %d steps: generator loss %.3f, discriminator loss %.3f%n",
                tail, meanOfLast(r.generatorLoss(), tail), meanOfLast(r.discriminatorLoss(), tail));
        System.out.printf(Locale.ROOT, "wrote %s and %s in %.0f s%n", output.resolve("gan-loss.png"),
                output.resolve("gan-samples.png"), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /**
     * Trains for {@code steps} steps from {@code seed} and writes the loss plot and the samples to
     * {@code outputDir}; with {@code verbose}, prints progress.
     */
    static Result run(LabelledScan scan, int steps, long seed, Path outputDir, boolean verbose) throws IOException {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> centres = brainPatchCentres(scan);
        Generator.manualSeed(seed); // the initial weights
        Sequential generator = Dcgan.generator();
        Sequential discriminator = Dcgan.discriminator();
        Generator latent = new Generator(seed);
        Tensor fixedLatent = Dcgan.latent(GRID * GRID, latent); // the same z for the samples, whatever the steps

        Adam gOpt = new Adam(generator.parameters(), LR, BETA1, BETA2, 1e-8, 0);
        Adam dOpt = new Adam(discriminator.parameters(), LR, BETA1, BETA2, 1e-8, 0);
        AdversarialLoss adversarial = new AdversarialLoss(AdversarialLoss.Kind.VANILLA);
        double[] gLoss = new double[steps], dLoss = new double[steps];
        int report = Math.max(1, steps / 10);
        for (int step = 1; step <= steps; step++) {
            Tensor real = realBatch(scan, centres, BATCH, random);
            Tensor fake = generator.forward(Dcgan.latent(BATCH, latent));

            // The discriminator learns to tell real from generated; detach() keeps this step out of the generator.
            dOpt.zeroGrad();
            Tensor d = adversarial.discriminator(discriminator.forward(real), discriminator.forward(fake.detach()));
            d.backward();
            dOpt.step();

            // The generator learns to make the (just updated) discriminator call its patches real.
            gOpt.zeroGrad();
            Tensor g = adversarial.generator(discriminator.forward(fake));
            g.backward();
            gOpt.step();

            gLoss[step - 1] = g.item();
            dLoss[step - 1] = d.item();
            if (verbose && (step % report == 0 || step == steps)) {
                System.out.printf(Locale.ROOT, "step %4d/%d  generator loss %.3f  discriminator loss %.3f%n",
                        step, steps, gLoss[step - 1], dLoss[step - 1]);
            }
        }
        Files.createDirectories(outputDir);
        plot(gLoss, dLoss, outputDir.resolve("gan-loss.png"));
        writeSamples(generator, fixedLatent, realBatch(scan, centres, GRID * GRID, random),
                outputDir.resolve("gan-samples.png"));
        return new Result(gLoss, dLoss);
    }

    /**
     * Centres of the real patches: voxels of the training slices whose 32×32 patch is at least
     * {@link #MIN_BRAIN} brain (k-means CSF, grey or white matter). Mostly-brain patches are alike enough for a
     * GAN to learn their texture in a few hundred steps; with skull, scalp and air in them too it learns slower.
     */
    static List<int[]> brainPatchCentres(LabelledScan scan) {
        int nx = scan.nx(), ny = scan.ny(), half = PATCH / 2;
        List<int[]> centres = new ArrayList<>();
        for (int z : scan.trainingSlices()) {
            // Brain voxels in [0, x) × [0, y), so any patch's count takes four look-ups.
            int[][] sums = new int[ny + 1][nx + 1];
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int here = isBrain(scan, x, y, z) ? 1 : 0;
                    sums[y + 1][x + 1] = sums[y][x + 1] + sums[y + 1][x] - sums[y][x] + here;
                }
            }
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int x0 = Math.max(0, x - half), x1 = Math.min(nx, x + half);
                    int y0 = Math.max(0, y - half), y1 = Math.min(ny, y + half);
                    int brain = sums[y1][x1] - sums[y0][x1] - sums[y1][x0] + sums[y0][x0];
                    if (isBrain(scan, x, y, z) && brain >= MIN_BRAIN * PATCH * PATCH) {
                        centres.add(new int[] {x, y, z});
                    }
                }
            }
        }
        return centres;
    }

    private static boolean isBrain(LabelledScan scan, int x, int y, int z) {
        Tissue t = Tissue.ofKmeansLabel(scan.label(x, y, z));
        return t == Tissue.CSF || t == Tissue.GREY_MATTER || t == Tissue.WHITE_MATTER;
    }

    /** n real patches [n, 1, 32, 32] in [−1, 1]. */
    private static Tensor realBatch(LabelledScan scan, List<int[]> centres, int n, SplittableRandom random) {
        int area = PATCH * PATCH;
        float[] patches = new float[n * area];
        for (int i = 0; i < n; i++) {
            int[] c = centres.get(random.nextInt(centres.size()));
            scan.patch(c[0], c[1], c[2], PATCH, random.nextBoolean(), patches, i * area);
        }
        for (int i = 0; i < patches.length; i++) {
            patches[i] = 2 * patches[i] - 1; // Tanh's range
        }
        return Tensor.of(patches, n, 1, PATCH, PATCH);
    }

    private static void plot(double[] gLoss, double[] dLoss, Path file) throws IOException {
        double[] x = new double[gLoss.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        new LossCurves("DCGAN on 32×32 T1 patches", "step", "loss (binary cross-entropy)")
                .addSmoothed("generator", x, gLoss)
                .addSmoothed("discriminator (real + fake)", x, dLoss)
                .write(file, 900, 540);
    }

    /**
     * Generated patches from the fixed latent vectors, beside real ones. The generator runs in evaluation mode, on
     * the batch-norm statistics it gathered while training, so a sample does not depend on the others drawn with it.
     */
    private static void writeSamples(Sequential generator, Tensor z, Tensor real, Path file) throws IOException {
        float[] fake;
        generator.eval();
        try (var noGrad = GradMode.disable()) {
            fake = generator.forward(z).toFloatArray();
        } finally {
            generator.train();
        }
        var image = PatchGrid.beside(
                PatchGrid.draw("generated", fake, PATCH, GRID, GRID, SCALE),
                PatchGrid.draw("real (training slices)", real.toFloatArray(), PATCH, GRID, GRID, SCALE));
        ImageIO.write(image, "png", file.toFile());
    }

    private static double meanOfLast(double[] values, int n) {
        double sum = 0;
        for (int i = values.length - n; i < values.length; i++) {
            sum += values[i];
        }
        return sum / n;
    }
}
