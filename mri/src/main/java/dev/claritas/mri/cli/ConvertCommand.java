package dev.claritas.mri.cli;

import dev.claritas.mri.io.FastMriVolume;
import dev.claritas.mri.io.ImageFormats;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiDatatype;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Converts a NIfTI image or DICOM series to NIfTI (compressed or not, another datatype) or one slice of it to an 8-bit grayscale
 * PNG. The format is told by the file name.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a NIfTI image or DICOM series to NIfTI (.nii, .nii.gz, another datatype) or a slice of it to PNG.",
                "PNG output takes a 2-D image, or one slice of a 3-D one: the middle one unless --slice is given.",
                "PNG grey levels span the whole image's value range (min black, max white); the y axis points up."})
final class ConvertCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "NIfTI file (.nii or .nii.gz), DICOM file or folder, "
            + "another format info reads, or a fastMRI .h5 file (its reconstruction, else the RSS of its k-space).")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file: .nii, .nii.gz or .png.")
    Path output;

    @Option(names = "--datatype", converter = DatatypeConverter.class, paramLabel = "TYPE",
            description = "Voxel type of a NIfTI output: uint8, int8, int16, uint16, int32, uint32, float32 or "
                    + "float64 (default: the input's). Integer types keep the input's scl_slope/scl_inter if it had "
                    + "them; values are rounded and clamped to the type's range.")
    NiftiDatatype datatype;

    @Option(names = "--slice", paramLabel = "K", description = "Slice along the third axis for PNG output, from 0 (default: the middle one).")
    Integer slice;

    /** Said after "Wrote ..." when the image was not simply read: which dataset of a fastMRI file it is. */
    private String note = "";

    /** The formats by file-name ending; lower case. */
    private enum Format {
        NIFTI(".nii", ".nii.gz"), PNG(".png");

        final String[] endings;

        Format(String... endings) {
            this.endings = endings;
        }

        static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (Arrays.stream(f.endings).anyMatch(name::endsWith)) {
                    return f;
                }
            }
            return null;
        }
    }

    @Override
    public Integer call() throws IOException {
        boolean fastMri = InfoCommand.isHdf5(input);
        if (!fastMri && ImageFormats.of(input) == null) {
            throw new IllegalArgumentException(input + ": unsupported input format; supported: "
                    + ImageFormats.SUPPORTED_INPUTS);
        }
        Format target = Format.of(output);
        if (target == null) {
            throw new IllegalArgumentException(output + ": unsupported output format; supported: .nii, .nii.gz, .png");
        }
        if (target == Format.PNG && datatype != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--datatype applies to NIfTI output only");
        }
        if (target == Format.NIFTI && slice != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--slice applies to PNG output only");
        }
        NiftiImage image;
        if (fastMri) {
            FastMriVolume volume = FastMriVolume.read(input);
            image = volume.image();
            note = ", from " + volume.source();
        } else {
            image = ImageFormats.read(input);
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (target == Format.NIFTI) {
            writeNifti(image);
        } else {
            writePng(image);
        }
        return 0;
    }

    private void writeNifti(NiftiImage image) throws IOException {
        NiftiDatatype type = datatype != null ? datatype : image.header().datatype();
        Nifti.write(output, image, type);
        System.out.println("Wrote " + output + " (" + type + note + ")");
        if (type.isInteger()) {
            warnAboutClamping(image.data(), Nifti.read(output));
        }
    }

    /**
     * Reads back what was written and says how many voxels changed by more than rounding, i.e. were clamped to
     * the integer type's range (or were NaN): a conversion that loses data must not do so silently.
     */
    private static void warnAboutClamping(float[] original, NiftiImage written) {
        NiftiHeader header = written.header();
        double step = header.hasScaling() ? Math.abs(header.sclSlope()) : 1;
        float[] stored = written.data();
        long clamped = 0;
        for (int i = 0; i < original.length; i++) {
            // half a step is the most rounding can move a value; the margin absorbs float32 arithmetic
            if (!(Math.abs((double) original[i] - stored[i]) <= 0.5 * step * (1 + 1e-6) + 1e-6 * Math.abs(original[i]))) {
                clamped++;
            }
        }
        if (clamped > 0) {
            System.err.println("claritas: warning: " + clamped + " voxels did not fit " + header.datatype()
                    + " and were clamped to its range (NaN stored as 0)");
        }
    }

    private void writePng(NiftiImage image) throws IOException {
        if (image.isComplex()) {
            throw new IllegalArgumentException(input + ": datatype: complex64; PNG output takes real images");
        }
        int[] shape = image.shape();
        if (shape.length < 2 || shape.length > 3) {
            throw new IllegalArgumentException(input + ": dim: a " + shape.length
                    + "-D image; PNG output takes a 2-D image or a slice of a 3-D one");
        }
        int nx = shape[0], ny = shape[1], nz = shape.length == 3 ? shape[2] : 1;
        int k = slice != null ? slice : nz / 2;
        if (k < 0 || k >= nz) {
            throw new IllegalArgumentException("--slice " + k + " is outside the image's slices 0.." + (nz - 1));
        }
        float[] data = image.data();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (float v : data) {
            if (!Float.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) { // a constant (or all-NaN) image: draw it black rather than divide by zero
            lo = Double.isFinite(lo) ? lo : 0;
            hi = lo + 1;
        }
        BufferedImage png = new BufferedImage(nx, ny, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = png.getRaster();
        int offset = k * nx * ny;
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                // rows flipped: NIfTI's y points up the anatomy, a picture's rows go down
                raster.setSample(x, ny - 1 - y, 0, grayLevel(data[offset + x + nx * y], lo, hi));
            }
        }
        if (!ImageIO.write(png, "png", output.toFile())) {
            throw new IOException(output + ": no PNG writer available");
        }
        System.out.printf(Locale.ROOT, "Wrote %s (slice %d of %d, %dx%d, grey levels %s .. %s%s)%n", output, k, nz, nx,
                ny, number(lo), number(hi), note);
    }

    /** 0..255 for a value in [lo, hi]; NaN is black. */
    private static int grayLevel(float value, double lo, double hi) {
        double level = Math.rint((value - lo) * 255 / (hi - lo));
        return Double.isNaN(level) ? 0 : (int) Math.clamp(level, 0, 255);
    }

    /** A float value as short as it reads back exactly, without a trailing ".0". */
    private static String number(double value) {
        String s = Float.toString((float) value);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Accepts the datatype names NIfTI tools and numpy use, e.g. int16. */
    static final class DatatypeConverter implements CommandLine.ITypeConverter<NiftiDatatype> {
        @Override
        public NiftiDatatype convert(String value) {
            for (NiftiDatatype t : NiftiDatatype.values()) {
                if (t.toString().equals(value)) {
                    return t;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of " + Arrays.stream(NiftiDatatype.values())
                    .map(NiftiDatatype::toString).collect(Collectors.joining(", ")) + ", got '" + value + "'");
        }
    }
}
