package dev.claritas.mri.cli;

import dev.claritas.mri.io.ArrayImages;
import dev.claritas.mri.io.Cfl;
import dev.claritas.mri.io.FastMriVolume;
import dev.claritas.mri.io.ImageFormats;
import dev.claritas.mri.io.MetaImage;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiDatatype;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.io.Npy;
import dev.claritas.mri.io.NpyArray;
import dev.claritas.mri.io.RasterImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Converts a scan in any format {@code info} reads to NIfTI (compressed or not, another datatype), MetaImage, NumPy,
 * BART, a fastMRI-style HDF5 reconstruction, or one slice of it to a greyscale PNG or TIFF. The formats are told
 * by the file names.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a scan (any format info reads) to NIfTI (.nii, .nii.gz), MetaImage (.mha, .mhd), "
                + "NumPy (.npy), BART (.cfl), a fastMRI reconstruction (.h5) or a greyscale picture (.png, .tif, .tiff).",
                "A picture takes a 2-D image, or one slice of a 3-D one: the middle one unless --slice is given; the "
                + "y axis points up. A uint8 image (uint16 for --datatype uint16) is drawn with its own values; any "
                + "other is windowed: the whole image's minimum black, its maximum white.",
                "A .h5 output holds one float32 dataset 'reconstruction' [slices, rows, columns], as fastMRI's "
                + "save_reconstructions writes it. A .cfl output is complex64 (a real image gets imaginary 0)."})
final class ConvertCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "NIfTI file (.nii or .nii.gz), DICOM file or folder, "
            + "another format info reads, or a fastMRI .h5 file (its reconstruction, else the RSS of its k-space).")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file: " + Format.SUPPORTED + ".")
    Path output;

    @Option(names = "--datatype", converter = DatatypeConverter.class, paramLabel = "TYPE",
            description = "Voxel type of a NIfTI, MetaImage or NumPy output: uint8, int8, int16, uint16, int32, uint32 "
                    + "(not NumPy), float32 or float64 (default: the input's); of a picture: uint8 (default) or uint16. "
                    + "NIfTI integer types keep the input's scl_slope/scl_inter if it had them; values are rounded and "
                    + "clamped to the type's range.")
    NiftiDatatype datatype;

    @Option(names = "--slice", paramLabel = "K", description = "Slice along the third axis for a picture, from 0 (default: the middle one).")
    Integer slice;

    /** Said after "Wrote ..." when the image was not simply read: which dataset of a fastMRI file it is. */
    private String note = "";

    /** The output formats by file-name ending; lower case. */
    private enum Format {
        NIFTI(".nii", ".nii.gz"), METAIMAGE(".mha", ".mhd"), NUMPY(".npy"), BART(".cfl"), FASTMRI(".h5"),
        PICTURE(".png", ".tif", ".tiff");

        static final String SUPPORTED = ".nii, .nii.gz, .mha, .mhd, .npy, .cfl, .h5, .png, .tif, .tiff";

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

        boolean takesDatatype() {
            return this == NIFTI || this == METAIMAGE || this == NUMPY || this == PICTURE;
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
            throw new IllegalArgumentException(output + ": unsupported output format; supported: " + Format.SUPPORTED);
        }
        if (datatype != null && !target.takesDatatype()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--datatype applies to NIfTI, MetaImage, NumPy and picture output");
        }
        if (target == Format.PICTURE && datatype != null && datatype != NiftiDatatype.UINT8
                && datatype != NiftiDatatype.UINT16) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--datatype of a picture is uint8 or uint16");
        }
        if (target != Format.PICTURE && slice != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--slice applies to picture output only");
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
        switch (target) {
            case NIFTI -> writeNifti(image);
            case METAIMAGE -> writeMetaImage(image);
            case NUMPY -> writeNumpy(image);
            case BART -> {
                Cfl.write(output, ArrayImages.toCfl(image));
                System.out.println("Wrote " + Cfl.sibling(output, ".cfl") + " and " + Cfl.sibling(output, ".hdr")
                        + " (complex64" + note + ")");
            }
            case FASTMRI -> {
                FastMriVolume.write(output, image);
                System.out.println("Wrote " + output + " (" + FastMriVolume.RECONSTRUCTION + ", float32" + note + ")");
            }
            case PICTURE -> writePicture(image);
        }
        return 0;
    }

    private void writeMetaImage(NiftiImage image) throws IOException {
        NiftiDatatype type = datatype != null ? datatype : image.header().datatype();
        MetaImage.write(output, image, type);
        String name = output.getFileName().toString();
        String raw = name.toLowerCase(Locale.ROOT).endsWith(".mhd")
                ? ", voxels in " + output.resolveSibling(name.substring(0, name.length() - 4) + ".raw") : "";
        System.out.println("Wrote " + output + " (" + type + raw + note + ")");
        warnAboutClamping(image.data(), type);
    }

    private void writeNumpy(NiftiImage image) throws IOException {
        NiftiDatatype type = datatype != null ? datatype : image.header().datatype();
        NpyArray array = ArrayImages.toNpy(image, type);
        Npy.write(output, array);
        System.out.println("Wrote " + output + " (" + array.dtype() + " " + Arrays.toString(array.shape()) + note + ")");
        warnAboutClamping(image.data(), type);
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

    /**
     * Says how many voxels do not fit an integer type without scaling (out of range, or NaN), which the writers
     * clamp: a conversion that loses data must not do so silently.
     */
    private static void warnAboutClamping(float[] values, NiftiDatatype type) {
        if (!type.isInteger()) {
            return;
        }
        long clamped = 0;
        for (float v : values) {
            double rounded = Math.rint(v);
            clamped += Float.isNaN(v) || rounded < type.minValue() || rounded > type.maxValue() ? 1 : 0;
        }
        if (clamped > 0) {
            System.err.println("claritas: warning: " + clamped + " voxels did not fit " + type
                    + " and were clamped to its range (NaN stored as 0)");
        }
    }

    private void writePicture(NiftiImage image) throws IOException {
        int bits = datatype == NiftiDatatype.UINT16 ? 16 : 8;
        if (image.isComplex()) {
            throw new IllegalArgumentException(input + ": datatype: complex64; picture output takes real images");
        }
        if (image.shape().length < 2 || image.shape().length > 3) {
            throw new IllegalArgumentException(input + ": dim: a " + image.shape().length
                    + "-D image; picture output takes a 2-D image or a slice of a 3-D one");
        }
        if (slice != null && slice < 0) {
            throw new IllegalArgumentException("--slice " + slice + " is outside the image's slices 0.."
                    + ((image.shape().length == 3 ? image.shape()[2] : 1) - 1));
        }
        RasterImages.Picture p = RasterImages.write(output, image, slice != null ? slice : -1, bits);
        String depth = bits == 16 ? "16-bit, " : "";
        String levels = p.windowed() ? "grey levels " + number(p.low()) + " .. " + number(p.high()) : "values as they are";
        System.out.printf(Locale.ROOT, "Wrote %s (slice %d of %d, %dx%d, %s%s%s)%n", output, p.slice(), p.slices(),
                image.shape()[0], image.shape()[1], depth, levels, note);
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
