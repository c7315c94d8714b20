package dev.claritas.mri.cli;

import dev.claritas.mri.io.FastMriFile;
import dev.claritas.mri.io.Hdf5Listing;
import dev.claritas.mri.io.ImageFormats;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.io.NiftiVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Prints a scan's header in words: what a user checks before feeding a scan to a model. DICOM input is shown as
 * the NIfTI image it converts to.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Print a scan's header: shape, voxel size, datatype, orientation, value range.",
                "Reads NIfTI-1/2 (.nii, .nii.gz), DICOM (a file, or a folder with one series) and the other image "
                + "formats convert reads.",
                "For a fastMRI .h5 file: its datasets (shape, dtype), root attributes and the ISMRMRD header's length.",
                "Also the scaling (scl_slope, scl_inter), the qform and sform codes, the voxel-to-world affine "
                + "(from the sform if its code is set, else the qform, else pixdim) and descrip."})
final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "NIfTI file (.nii or .nii.gz), DICOM file or folder.")
    Path file;

    /** Names of the qform/sform codes, as nibabel prints them (nifti1.h: NIFTI_XFORM_*). */
    private static final String[] XFORM_NAMES = {"unknown", "scanner", "aligned", "talairach", "mni", "template"};

    @Override
    public Integer call() throws IOException {
        if (isHdf5(file)) {
            printFastMri();
            return 0;
        }
        NiftiImage image = ImageFormats.read(file);
        NiftiHeader h = image.header();
        print("file", file.toString());
        print("shape", join(h.shape()));
        print("voxel size", voxelSize(h));
        print("datatype", h.datatype() + " (" + h.bitpix() + " bits per voxel)"
                + (h.version() == NiftiVersion.NIFTI2 ? ", NIfTI-2 header" : ""));
        print("scaling", scaling(h));
        print("qform", xform(h.qformCode()));
        print("sform", xform(h.sformCode()));
        String source = h.sformCode() > 0 ? "sform" : h.qformCode() > 0 ? "qform" : "pixdim only (no qform or sform)";
        print("affine", "voxel to world, from " + source);
        for (String row : matrix(h.affine())) {
            print("", row);
        }
        print("value range", valueRange(image.data()));
        print("descrip", h.descrip().isEmpty() ? "(empty)" : "\"" + h.descrip() + "\"");
        return 0;
    }

    /** fastMRI's HDF5 files hold raw data and metadata rather than one image: list what is inside. */
    static boolean isHdf5(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".h5") || name.endsWith(".hdf5");
    }

    private void printFastMri() throws IOException {
        print("file", file.toString());
        for (Hdf5Listing.Entry d : Hdf5Listing.datasets(file)) {
            print("dataset", d.name() + ": " + (d.shape().length == 0 ? "scalar" : join(d.shape())) + " " + d.dtype());
        }
        try (FastMriFile f = FastMriFile.open(file)) {
            // by name: HDF5 keeps no order, and for fastMRI's four that is acquisition, max, norm, patient_id
            for (Map.Entry<String, Object> a : new TreeMap<>(f.attributes()).entrySet()) {
                print("attribute", a.getKey() + " = " + attribute(a.getValue()));
            }
            print("ismrmrd", f.ismrmrdHeader().map(x -> "header of " + x.length() + " characters")
                    .orElse("no ismrmrd_header"));
        }
    }

    private static String attribute(Object value) {
        return switch (value) {
            case String s -> "\"" + s + "\"";
            case Double d -> Double.toString(d);
            case Float f -> number(f);
            // arrays print their elements; deepToString of a one-element wrapper handles every array type
            default -> {
                String text = java.util.Arrays.deepToString(new Object[] {value});
                yield text.substring(1, text.length() - 1);
            }
        };
    }

    private static void print(String label, String value) {
        System.out.printf("%-12s %s%n", label, value);
    }

    /** scl_slope and scl_inter, and whether they change the stored values. */
    private static String scaling(NiftiHeader h) {
        if (!h.hasScaling()) {
            return "none (scl_slope " + number(h.sclSlope()) + ": values are stored as they are)";
        }
        boolean identity = h.sclSlope() == 1 && h.sclInter() == 0;
        return "slope " + number(h.sclSlope()) + ", intercept " + number(h.sclInter())
                + (identity ? " (values are stored as they are)" : " (value = stored * slope + intercept)");
    }

    private static String voxelSize(NiftiHeader h) {
        float[] pixdim = h.pixdim();
        int rank = h.rank();
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= Math.min(rank, 3); i++) {
            s.append(i > 1 ? " x " : "").append(number(pixdim[i]));
        }
        s.append(spaceUnit(h.xyztUnits()));
        if (rank >= 4) {
            s.append(", ").append(number(pixdim[4])).append(timeUnit(h.xyztUnits())).append(" per volume");
        }
        return s.toString();
    }

    /** The space unit of {@code xyzt_units} (bits 0-2, nifti1.h's NIFTI_UNITS_*), with a leading space. */
    private static String spaceUnit(int xyztUnits) {
        return switch (xyztUnits & 0x07) {
            case 0 -> " (unit not set)";
            case 1 -> " m";
            case 2 -> " mm";
            case 3 -> " um";
            default -> " (unknown unit code " + (xyztUnits & 0x07) + ")";
        };
    }

    /** The time unit of {@code xyzt_units} (bits 3-5), with a leading space. */
    private static String timeUnit(int xyztUnits) {
        return switch (xyztUnits & 0x38) {
            case 0 -> " (unit not set)";
            case 8 -> " s";
            case 16 -> " ms";
            case 24 -> " us";
            default -> " (unknown unit code " + (xyztUnits & 0x38) + ")";
        };
    }

    private static String xform(int code) {
        String name = code >= 0 && code < XFORM_NAMES.length ? XFORM_NAMES[code] : "not a standard code";
        return "code " + code + " (" + name + ")";
    }

    /** The rows of a 4×4 matrix with right-aligned columns. */
    private static List<String> matrix(double[][] m) {
        int width = 1;
        for (double[] row : m) {
            for (double v : row) {
                width = Math.max(width, number(v).length());
            }
        }
        List<String> rows = new ArrayList<>();
        for (double[] row : m) {
            StringBuilder s = new StringBuilder("[");
            for (double v : row) {
                s.append(' ').append(" ".repeat(width - number(v).length())).append(number(v));
            }
            rows.add(s.append(" ]").toString());
        }
        return rows;
    }

    /** min .. max in real units (scaling applied), ignoring and counting NaN. */
    private static String valueRange(float[] data) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        long nan = 0;
        for (float v : data) {
            if (Float.isNaN(v)) {
                nan++;
            } else {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        String range = nan == data.length ? "all NaN" : number(lo) + " .. " + number(hi);
        return nan > 0 && nan < data.length ? range + " (" + nan + " NaN voxels)" : range;
    }

    private static String join(int[] shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? " x " : "").append(shape[i]);
        }
        return s.toString();
    }

    /**
     * A header value as short as reads back to the same float32 ("2", "0.70710677", "NaN"); header fields are
     * float32, so that is every digit they hold. Negative zero prints as 0.
     */
    private static String number(double value) {
        float f = (float) value + 0f; // adding +0 turns -0 into +0
        String s = Float.toString(f);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
