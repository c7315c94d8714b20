package dev.claritas.mri.cli;

import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.metrics.ImageMetrics;
import dev.claritas.mri.metrics.MaskedMetrics;
import dev.claritas.mri.metrics.RegionMetrics;
import dev.claritas.mri.metrics.SsimVariant;
import dev.claritas.tensor.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Compares a 2-D or 3-D NIfTI image with a reference as fastMRI's {@code evaluate.py} does (data range = the
 * reference's maximum, SSIM per z slice and averaged) and prints the numbers as one JSON object on one line, so
 * runs can be collected as JSON Lines.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Compare a NIfTI image with a reference: PSNR, SSIM, NMSE, MSE, MAE as one JSON object.",
                "Keys psnr, ssim, nmse, mse, mae (fastMRI's definitions: data range = the reference's maximum, SSIM "
                + "per slice along the third axis, averaged) and data_range.",
                "--mask adds mask_voxels and masked_psnr, masked_ssim, masked_nmse, masked_mse; --background adds snr "
                + "and reference_snr; two --tissue masks add cnr, reference_cnr, cjv, reference_cjv. "
                + "Infinite values (PSNR of identical images) are written as null."})
final class MetricsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--reference", required = true, paramLabel = "REF", description = "Reference (ground truth) NIfTI file.")
    Path reference;

    @Option(names = "--input", required = true, paramLabel = "X", description = "NIfTI file to evaluate.")
    Path input;

    @Option(names = "--mask", paramLabel = "M", description = "Foreground mask (non-zero voxels) for the masked metrics.")
    Path mask;

    @Option(names = "--ssim", defaultValue = "fastmri", converter = SsimVariantConverter.class, paramLabel = "KIND",
            description = "fastmri (uniform 7x7 window, sample covariance) or gaussian (Wang et al.: Gaussian "
                    + "sigma 1.5, 11x11, population covariance) (default: ${DEFAULT-VALUE}).")
    SsimVariant ssimVariant;

    @Option(names = "--background", paramLabel = "B",
            description = "Background mask: adds snr = mean over --mask / standard deviation over B, of the input and of the reference.")
    Path background;

    @Option(names = "--tissue", paramLabel = "T",
            description = "Two tissue masks (give the option twice, e.g. white and grey matter): adds cnr and cjv "
                    + "of the input and of the reference.")
    List<Path> tissues;

    /** The reference's shape, which the input and every mask must have. */
    private int[] shape;

    @Override
    public Integer call() throws IOException {
        if (background != null && mask == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--background needs --mask (the foreground)");
        }
        if (tissues != null && tissues.size() != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tissue must be given exactly twice, got " + tissues.size());
        }
        NiftiImage ref = Nifti.read(reference);
        NiftiImage test = Nifti.read(input);
        shape = ref.shape();
        if (shape.length < 2 || shape.length > 3) {
            throw new IllegalArgumentException(reference + ": dim: a " + shape.length
                    + "-D image; metrics take 2-D or 3-D images");
        }
        checkSameShape(test, input, "input");
        int nx = shape[0], ny = shape[1], nz = shape.length == 3 ? shape[2] : 1;
        float[] gt = ref.data(), pred = test.data();
        double range = ImageMetrics.max(gt);
        if (!(range > 0)) {
            throw new IllegalArgumentException(reference + ": the maximum is " + range
                    + "; PSNR and SSIM take it as the data range, which must be positive");
        }

        JsonNumbers json = new JsonNumbers()
                .put("psnr", ImageMetrics.psnr(gt, pred, range))
                .put("ssim", ImageMetrics.ssimVolume(gt, pred, nx, ny, nz, range, ssimVariant))
                .put("nmse", ImageMetrics.nmse(gt, pred))
                .put("mse", ImageMetrics.mse(gt, pred))
                .put("mae", ImageMetrics.mae(gt, pred))
                .put("data_range", range);
        if (mask != null) {
            boolean[] foreground = readMask(mask, "mask");
            json.put("mask_voxels", MaskedMetrics.count(foreground))
                    .put("masked_psnr", MaskedMetrics.psnr(gt, pred, foreground, range))
                    .put("masked_ssim", MaskedMetrics.ssimVolume(gt, pred, foreground, nx, ny, nz, range, ssimVariant))
                    .put("masked_nmse", MaskedMetrics.nmse(gt, pred, foreground))
                    .put("masked_mse", MaskedMetrics.mse(gt, pred, foreground));
            if (background != null) {
                boolean[] rest = readMask(background, "background");
                json.put("snr", RegionMetrics.snr(pred, foreground, rest))
                        .put("reference_snr", RegionMetrics.snr(gt, foreground, rest));
            }
        }
        if (tissues != null) {
            boolean[] t1 = readMask(tissues.get(0), "tissue"), t2 = readMask(tissues.get(1), "tissue");
            json.put("cnr", RegionMetrics.cnr(pred, t1, t2))
                    .put("reference_cnr", RegionMetrics.cnr(gt, t1, t2))
                    .put("cjv", RegionMetrics.cjv(pred, t1, t2))
                    .put("reference_cjv", RegionMetrics.cjv(gt, t1, t2));
        }
        System.out.println(json);
        return 0;
    }

    /** A mask file: its non-zero voxels (NaN counts as outside), on the reference's grid. */
    private boolean[] readMask(Path file, String role) throws IOException {
        NiftiImage image = Nifti.read(file);
        checkSameShape(image, file, role);
        float[] values = image.data();
        boolean[] inside = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            inside[i] = values[i] != 0 && !Float.isNaN(values[i]);
        }
        if (MaskedMetrics.count(inside) == 0) {
            throw new IllegalArgumentException(file + ": the " + role + " mask has no non-zero voxels");
        }
        return inside;
    }

    private void checkSameShape(NiftiImage image, Path file, String role) {
        if (!Arrays.equals(image.shape(), shape)) {
            throw new IllegalArgumentException("shape mismatch: reference " + reference + " is " + format(shape)
                    + ", " + role + " " + file + " is " + format(image.shape()));
        }
    }

    private static String format(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    /** Accepts the SSIM variants by their lower-case names, as the help lists them. */
    static final class SsimVariantConverter implements CommandLine.ITypeConverter<SsimVariant> {
        @Override
        public SsimVariant convert(String value) {
            for (SsimVariant v : SsimVariant.values()) {
                if (v.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return v;
                }
            }
            throw new CommandLine.TypeConversionException("expected fastmri or gaussian, got '" + value + "'");
        }
    }

    /**
     * A flat JSON object of numbers, keys in insertion order. Numbers are Java's shortest round-trip decimal
     * form, which is valid JSON; JSON has no infinity or NaN, so those are written as {@code null}.
     */
    static final class JsonNumbers {
        private final StringBuilder text = new StringBuilder();

        JsonNumbers put(String key, double value) {
            return append(key, Double.isFinite(value) ? Double.toString(value) : "null");
        }

        JsonNumbers put(String key, long value) {
            return append(key, Long.toString(value));
        }

        private JsonNumbers append(String key, String value) {
            text.append(text.isEmpty() ? "{" : ", ").append(quote(key)).append(": ").append(value);
            return this;
        }

        /** A JSON string literal (RFC 8259, section 7), as the project's JSON writer quotes it. */
        static String quote(String s) {
            return Json.write(s);
        }

        @Override
        public String toString() {
            return text.isEmpty() ? "{}" : text + "}";
        }
    }
}
