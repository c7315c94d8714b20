package dev.claritas.mri.cli;

import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.n4.N4BiasFieldCorrector;
import dev.claritas.mri.n4.N4Parameters;
import dev.claritas.mri.n4.N4Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** N4 bias-field correction of a 2-D or 3-D NIfTI image (Tustison et al. 2010, SimpleITK's defaults). */
@Command(name = "n4", mixinStandardHelpOptions = true,
        description = {"N4 bias-field correction (Tustison et al. 2010) with SimpleITK's defaults: 200 histogram bins, "
                + "FWHM 0.15, Wiener noise 0.01, cubic B-spline with 4 control points per axis at the first level, "
                + "the mesh doubling at each level, convergence threshold 0.001.",
                "The output is input / exp(log field), written as float32 with the input's geometry."})
final class N4Command implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "IN", description = "NIfTI image to correct (2-D or 3-D).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT", description = "Corrected image (.nii or .nii.gz).")
    Path output;

    @Option(names = "--mask", paramLabel = "M",
            description = "Voxels to estimate the field from (non-zero voxels); default: those above Otsu's threshold "
                    + "of the whole image, as SimpleITK's N4 example.")
    Path mask;

    @Option(names = "--field", paramLabel = "FIELD", description = "Also write the multiplicative bias field exp(log field).")
    Path field;

    @Option(names = "--shrink", defaultValue = "4", paramLabel = "S",
            description = "Shrink factor for the fitting (default: ${DEFAULT-VALUE}).")
    int shrink;

    @Option(names = "--levels", defaultValue = "4", paramLabel = "L",
            description = "Fitting levels; the B-spline mesh doubles at each (default: ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--iterations", defaultValue = "50", paramLabel = "N",
            description = "Maximum iterations per level (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() throws IOException {
        N4Parameters parameters = N4Parameters.defaults().withShrinkFactor(shrink).withFittingLevels(levels)
                .withIterationsPerLevel(iterations);
        NiftiImage image = Nifti.read(input);
        boolean[] inside = null;
        if (mask != null) {
            NiftiImage m = Nifti.read(mask);
            if (!Arrays.equals(m.shape(), image.shape())) {
                throw new IllegalArgumentException("shape mismatch: input " + input + " is " + Arrays.toString(image.shape())
                        + ", mask " + mask + " is " + Arrays.toString(m.shape()));
            }
            inside = new boolean[m.data().length];
            for (int i = 0; i < inside.length; i++) {
                inside[i] = m.data()[i] != 0 && !Float.isNaN(m.data()[i]);
            }
        }
        N4Result result;
        try (ProgressBar bar = new ProgressBar("n4", (long) levels * iterations)) {
            result = new N4BiasFieldCorrector(parameters).correct(image.data(), image.shape(), inside,
                    (level, iteration, convergence) -> {
                        // A level that converges early skips the rest of its iterations.
                        bar.stepTo((long) level * iterations + iteration);
                        bar.setExtraMessage(String.format(Locale.ROOT, "level %d cv %.1e", level + 1, convergence));
                    });
            bar.stepTo((long) levels * iterations);
        }
        write(output, image.withData(result.corrected()));
        if (field != null) {
            write(field, image.withData(result.field()));
        }
        return 0;
    }

    private static void write(Path file, NiftiImage image) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Nifti.write(file, image);
    }
}
