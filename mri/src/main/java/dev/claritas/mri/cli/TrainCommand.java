package dev.claritas.mri.cli;

import dev.claritas.mri.denoise.DenoiserTraining;
import dev.claritas.tensor.Device;
import dev.claritas.mri.denoise.Volume;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.models.DnCNN;
import dev.claritas.nn.io.StateDicts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Trains the denoiser; with the defaults it reproduces the shipped weights. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model. Only 'denoise' (a blind DnCNN Rician denoiser) for now.")
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "What to train: denoise.")
    String task;

    @Option(names = "--input", description = "Training scan (default: the shipped T1 scan, held-out slices excluded).")
    Path input;

    @Option(names = "--output", defaultValue = "claritas-out/dncnn-t1-denoise.safetensors",
            description = "Where to write the weights (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--steps", description = "Training steps (default: the shipped weights' count).")
    Integer steps;

    /** Steps between checkpoints of the weights to --output. */
    static final int CHECKPOINT_EVERY = 100;

    @Option(names = "--device", converter = DeviceConverter.class, paramLabel = "DEVICE", description = DeviceConverter.DESCRIPTION)
    Device device;

    @Override
    public Integer call() throws Exception {
        if (!task.equals("denoise")) {
            throw new IllegalArgumentException("unknown training task '" + task + "'; available: denoise");
        }
        DenoiserTraining.Config config = DenoiserTraining.Config.defaults();
        if (steps != null) {
            if (steps < 1) {
                throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
            }
            config = config.withSteps(steps);
        }
        Path scanPath = input == null ? DemoData.scan() : input;
        NiftiImage scan = Nifti.read(scanPath);
        int[] shape = scan.shape();
        if (shape.length != 3) {
            throw new IllegalArgumentException(scanPath + ": dim: training needs a 3-D scan, got " + shape.length + "-D");
        }
        Volume volume = new Volume(scan.data(), shape[0], shape[1], shape[2]);
        List<Integer> slices = input == null ? DemoData.trainingSlices(shape[2])
                : java.util.stream.IntStream.range(0, shape[2]).boxed().toList();
        DenoiserTraining training = new DenoiserTraining(config, volume, slices);
        Map<String, String> metadata = new HashMap<>(DnCNN.metadata(config.depth(), config.channels()));
        metadata.put("training", config.toString());
        metadata.put("training_data", scanPath.getFileName().toString());
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        int total = config.steps();
        try (ProgressBar bar = new ProgressBar("train", total)) {
            double[] smoothed = {Double.NaN};
            training.run(DeviceConverter.orPreferred(device), (step, loss, model) -> {
                smoothed[0] = Double.isNaN(smoothed[0]) ? loss : 0.95 * smoothed[0] + 0.05 * loss;
                bar.stepTo(step);
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.2e", smoothed[0]));
                if (step % CHECKPOINT_EVERY == 0 || step == total) {
                    // written to a temporary file and renamed: a crash never leaves a half-written checkpoint
                    Map<String, String> state = new HashMap<>(metadata);
                    state.put("step", Integer.toString(step));
                    saveQuietly(model, state);
                }
            });
        }
        System.out.println("Wrote " + output);
        return 0;
    }

    private void saveQuietly(DnCNN model, Map<String, String> metadata) {
        try {
            StateDicts.save(model, output, metadata);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
