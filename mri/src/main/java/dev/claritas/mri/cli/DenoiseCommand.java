package dev.claritas.mri.cli;

import dev.claritas.mri.denoise.Denoiser;
import dev.claritas.mri.denoise.Volume;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.tensor.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Denoises a 2-D or 3-D NIfTI file slice by slice, keeping its intensity scale and geometry. */
@Command(name = "denoise", mixinStandardHelpOptions = true,
        description = "Denoise a NIfTI scan (.nii or .nii.gz, 2-D or 3-D) slice by slice.")
final class DenoiseCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "Input NIfTI file.")
    Path input;

    @Option(names = "--output", required = true, description = "Output NIfTI file (.nii or .nii.gz).")
    Path output;

    @Option(names = "--model", description = "Weights file (default: the shipped DnCNN).")
    Path model;

    @Option(names = "--device", converter = DeviceConverter.class, paramLabel = "DEVICE", description = DeviceConverter.DESCRIPTION)
    Device device;

    @Override
    public Integer call() throws Exception {
        String name = output.getFileName().toString();
        if (!name.endsWith(".nii") && !name.endsWith(".nii.gz")) {
            throw new IllegalArgumentException(output + ": the output name must end in .nii or .nii.gz");
        }
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException(input + ": no such file");
        }
        NiftiImage image = Nifti.read(input);
        int[] shape = image.shape();
        if (shape.length > 3) {
            throw new IllegalArgumentException(input + ": dim: a " + shape.length + "-D image; denoise takes 2-D or 3-D scans");
        }
        int nx = shape[0], ny = shape.length > 1 ? shape[1] : 1, nz = shape.length > 2 ? shape[2] : 1;
        if (nx < 8 || ny < 8) {
            throw new IllegalArgumentException(input + ": dim: slices of " + nx + "x" + ny + " are too small to denoise");
        }
        Denoiser denoiser = (model == null ? Denoiser.pretrained() : Denoiser.load(model)).to(DeviceConverter.orPreferred(device));
        Volume result;
        try (ProgressBar bar = new ProgressBar("denoise", nz)) {
            result = denoiser.denoise(new Volume(image.data(), nx, ny, nz), bar::stepTo);
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Nifti.write(output, image.withData(result.data()));
        System.out.println("Wrote " + output);
        return 0;
    }
}
