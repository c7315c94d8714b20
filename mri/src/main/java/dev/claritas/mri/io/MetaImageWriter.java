package dev.claritas.mri.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Writes ITK MetaImage files, the inverse of {@link MetaImage#read}: {@code .mha} with the voxels after the header
 * ({@code ElementDataFile = LOCAL}), or {@code .mhd} with the voxels in a {@code .raw} file beside it, uncompressed,
 * little-endian. The image's RAS affine is turned back to MetaIO's LPS placement: ElementSpacing is the length of
 * each affine column, row i of TransformMatrix is axis i's unit direction, Offset the first voxel's centre.
 * Integer element types are rounded and clamped to their range (NaN as 0); MetaImage has no scaling of its own.
 */
final class MetaImageWriter {

    private MetaImageWriter() {}

    /**
     * @param file     a {@code .mha} or {@code .mhd} path
     * @param datatype the element type to store; complex is refused (MetaImage would need two channels)
     * @throws IllegalArgumentException if the datatype is complex or the name ends in neither extension
     */
    static void write(Path file, NiftiImage image, NiftiDatatype datatype) throws IOException {
        String elementType = elementType(datatype);
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".mha") && !lower.endsWith(".mhd")) {
            throw new IllegalArgumentException(file + ": a MetaImage file ends in .mha or .mhd");
        }
        boolean local = lower.endsWith(".mha");
        Path raw = file.resolveSibling(name.substring(0, name.length() - 4) + ".raw");
        String header = header(image.header(), elementType, local ? "LOCAL" : raw.getFileName().toString());
        char kind = datatype.isInteger() ? (datatype.minValue() < 0 ? 'i' : 'u') : 'f';
        byte[] data = RawValues.encode(image.data(), ByteOrder.LITTLE_ENDIAN, kind, datatype.bytesPerVoxel());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            if (local) {
                out.write(data);
            }
        }
        if (!local) {
            Files.write(raw, data);
        }
    }

    private static String elementType(NiftiDatatype datatype) {
        return switch (datatype) {
            case UINT8 -> "MET_UCHAR";
            case INT8 -> "MET_CHAR";
            case UINT16 -> "MET_USHORT";
            case INT16 -> "MET_SHORT";
            case UINT32 -> "MET_UINT";
            case INT32 -> "MET_INT";
            case FLOAT32 -> "MET_FLOAT";
            case FLOAT64 -> "MET_DOUBLE";
            case COMPLEX64 -> throw new IllegalArgumentException("complex64 images cannot be written as MetaImage "
                    + "(one channel per voxel is supported); write NIfTI, NumPy or BART instead");
        };
    }

    private static String header(NiftiHeader h, String elementType, String dataFile) {
        int[] shape = h.shape();
        int n = shape.length;
        double[][] affine = h.affine();
        double[] spacing = new double[n];
        double[] transform = new double[n * n];
        double[] offset = new double[n];
        for (int axis = 0; axis < n; axis++) {
            // columns beyond the third (4-D and up) are not in the affine: pixdim, unrotated
            double length = 0;
            for (int r = 0; axis < 3 && r < 3; r++) {
                length += affine[r][axis] * affine[r][axis];
            }
            length = Math.sqrt(length);
            spacing[axis] = length > 0 ? length : (h.pixdim()[axis + 1] > 0 ? h.pixdim()[axis + 1] : 1);
            for (int r = 0; r < n; r++) {
                double lps = r < 2 ? -1 : 1; // RAS to LPS
                transform[axis * n + r] = axis < 3 && r < 3 && length > 0 ? lps * affine[r][axis] / length
                        : axis == r ? 1 : 0;
            }
        }
        for (int r = 0; r < n; r++) {
            offset[r] = r < 3 ? (r < 2 ? -1 : 1) * affine[r][3] : 0;
        }
        return "ObjectType = Image\n"
                + "NDims = " + n + "\n"
                + "BinaryData = True\n"
                + "BinaryDataByteOrderMSB = False\n"
                + "CompressedData = False\n"
                + "TransformMatrix = " + join(transform) + "\n"
                + "Offset = " + join(offset) + "\n"
                + "ElementSpacing = " + join(spacing) + "\n"
                + "DimSize = " + join(shape) + "\n"
                + "ElementType = " + elementType + "\n"
                + "ElementDataFile = " + dataFile + "\n";
    }

    /** Numbers as the shortest text that reads back to the same double ({@code Double.toString}), space-separated. */
    private static String join(double[] values) {
        StringJoiner j = new StringJoiner(" ");
        for (double v : values) {
            j.add(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
        }
        return j.toString();
    }

    private static String join(int[] values) {
        StringJoiner j = new StringJoiner(" ");
        for (int v : values) {
            j.add(Integer.toString(v));
        }
        return j.toString();
    }
}
