package dev.claritas.mri.cli;

import dev.claritas.mri.degrade.RicianNoise;
import dev.claritas.mri.denoise.Denoiser;
import dev.claritas.tensor.Device;
import dev.claritas.mri.denoise.Volume;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.io.PngPanel;
import dev.claritas.mri.metrics.ImageMetrics;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: adds Rician noise to the held-out slices of the shipped T1 scan, denoises them with
 * the shipped DnCNN, and reports PSNR and SSIM (fastMRI's definitions) before and after.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Denoise held-out slices of the shipped T1 brain scan and report PSNR/SSIM.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--output", defaultValue = "claritas-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--noise", defaultValue = "0.05",
            description = "Rician noise σ as a fraction of the image maximum (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--model", description = "Weights file (default: the shipped DnCNN).")
    Path model;

    @Option(names = "--seed", defaultValue = "42", description = "Noise seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", converter = DeviceConverter.class, paramLabel = "DEVICE", description = DeviceConverter.DESCRIPTION)
    Device device;

    @Override
    public Integer call() throws Exception {
        if (!(noise > 0 && noise < 1)) {
            throw new IllegalArgumentException("--noise must be in (0, 1), got " + noise);
        }
        NiftiImage scan = Nifti.read(DemoData.scan());
        int[] shape = scan.shape();
        Volume full = new Volume(scan.data(), shape[0], shape[1], shape[2]);
        Volume reference = full.subVolume(DemoData.HELD_OUT_FROM, DemoData.HELD_OUT_TO);
        float max = full.max();

        Tensor clean = reference.slices(0, reference.nz());
        Tensor noisyTensor = RicianNoise.apply(clean, noise * max, new Generator(seed));
        Volume noisy = new Volume(noisyTensor.toFloatArray(), reference.nx(), reference.ny(), reference.nz());

        Denoiser denoiser = (model == null ? Denoiser.pretrained() : Denoiser.load(model)).to(DeviceConverter.orPreferred(device));
        long start = System.nanoTime();
        Volume denoised = denoiser.denoise(noisy, done -> { });
        double seconds = (System.nanoTime() - start) / 1e9;

        Files.createDirectories(output);
        NiftiHeader header = scan.header().sliceRange(DemoData.HELD_OUT_FROM, reference.nz());
        Nifti.write(output.resolve("reference.nii.gz"), new NiftiImage(header, reference.data()));
        Nifti.write(output.resolve("noisy.nii.gz"), new NiftiImage(header, noisy.data()));
        Nifti.write(output.resolve("denoised.nii.gz"), new NiftiImage(header, denoised.data()));
        int mid = reference.nz() / 2;
        Path png = output.resolve("demo.png");
        new PngPanel(reference.nx(), reference.ny())
                .add("noisy", noisy.slice(mid))
                .add("denoised", denoised.slice(mid))
                .addReference("reference", reference.slice(mid))
                .upscale(3)
                .write(png);

        Metrics before = Metrics.of(reference, noisy), after = Metrics.of(reference, denoised);
        System.out.printf(Locale.ROOT, "Denoised %d held-out slices (%dx%d) of %s with Rician noise sigma = %.0f%% of max in %.2f s%n",
                reference.nz(), reference.nx(), reference.ny(), DemoData.RELATIVE_PATH, noise * 100, seconds);
        System.out.printf(Locale.ROOT, "  noisy:    PSNR %6.2f dB   SSIM %.4f%n", before.psnr(), before.ssim());
        System.out.printf(Locale.ROOT, "  denoised: PSNR %6.2f dB   SSIM %.4f%n", after.psnr(), after.ssim());
        System.out.println("Wrote " + output.resolve("noisy.nii.gz") + ", denoised.nii.gz, reference.nii.gz and " + png);
        return 0;
    }

    /** PSNR and SSIM as fastMRI computes them over a volume (data range = the reference's maximum). */
    record Metrics(double psnr, double ssim) {
        static Metrics of(Volume reference, Volume test) {
            return new Metrics(ImageMetrics.psnr(reference.data(), test.data()),
                    ImageMetrics.ssimVolume(reference.data(), test.data(), reference.nx(), reference.ny(), reference.nz()));
        }
    }
}
