package dev.claritas.mri.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads (and, through {@link MetaImageWriter}, writes) ITK MetaImage files (MetaIO, metaImage.cxx): {@code .mha} with the voxels after the header
 * ({@code ElementDataFile = LOCAL}) and {@code .mhd} naming a separate data file, raw or zlib-compressed
 * ({@code CompressedData = True}), in either byte order, as a NIfTI-style image.
 *
 * <p>MetaIO places voxel {@code v} at {@code Offset + sum_i TransformMatrix[i] * ElementSpacing[i] * v[i]} in
 * ITK's LPS world, where row {@code i} of TransformMatrix as written is axis {@code i}'s direction (ITK's
 * MetaImageIO reads it that way); the image's affine is that mapping turned to NIfTI's RAS by negating x and y,
 * with sform code 1.
 *
 * <p>Nothing is allocated on the header's word alone: raw data must be present in full, and compressed data can
 * claim at most what zlib can expand it to (1032:1) and is inflated only as far as the header describes.
 */
public final class MetaImage {

    private static final int MAX_HEADER_BYTES = 1 << 16;
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    /** deflate's largest expansion is about 1032:1 (zlib's technical details); more is a lying header. */
    private static final long MAX_ZLIB_RATIO = 1032;

    private MetaImage() {}

    /**
     * Reads a {@code .mha} or {@code .mhd} file.
     *
     * @throws ImageFormatException if the header or data is missing, malformed, truncated or unsupported; the message
     *                              names the file and the key at fault
     */
    public static NiftiImage read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ImageFormatException(file, "file", "is a directory");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAX_HEADER_BYTES);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(file, "file", "not found", e);
        }
        int headerEnd = headerEnd(file, head);
        MetaImageHeader h = MetaImageHeader.parse(file, new String(head, 0, headerEnd, StandardCharsets.ISO_8859_1));
        long count = h.voxelCount();
        if (count > MAX_DATA_BYTES / h.elementSize()) {
            throw new ImageFormatException(file, "DimSize", Arrays.toString(h.dimSize()) + " of "
                    + h.elementType() + " is larger than one Java array can hold");
        }
        long dataBytes = count * h.elementSize();
        boolean local = h.dataFile().equals("LOCAL");
        Path dataFile = local ? file : file.resolveSibling(h.dataFile());
        byte[] bytes = readData(dataFile, h, local ? headerEnd : h.headerSize(), (int) dataBytes);
        float[] data = RawValues.decode(bytes, h.msb() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, h.kind(),
                h.elementSize());
        return new NiftiImage(header(h), data);
    }

    /**
     * Writes a {@code .mha} (voxels in the same file) or a {@code .mhd} with a {@code .raw} beside it, as
     * {@link MetaImageWriter} describes.
     *
     * @param datatype the element type; integer types are rounded and clamped, complex is refused
     */
    public static void write(Path file, NiftiImage image, NiftiDatatype datatype) throws IOException {
        MetaImageWriter.write(file, image, datatype);
    }

    /** The byte after the ElementDataFile line, which MetaIO requires to be the header's last. */
    private static int headerEnd(Path file, byte[] head) throws ImageFormatException {
        int lineStart = 0;
        for (int i = 0; i < head.length; i++) {
            if (head[i] == '\n') {
                String line = new String(head, lineStart, i - lineStart, StandardCharsets.ISO_8859_1).strip();
                if (line.startsWith("ElementDataFile")) {
                    return i + 1;
                }
                lineStart = i + 1;
            }
        }
        throw new ImageFormatException(file, "ElementDataFile", "no such line in the first " + head.length
                + " bytes; not a MetaImage header");
    }

    /**
     * @param start where the data starts; -1 (HeaderSize = -1) for raw data that ends the file
     */
    private static byte[] readData(Path dataFile, MetaImageHeader h, long start, int dataBytes) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(dataFile)) {
            long size = channel.size();
            long from = start == -1 ? size - dataBytes : start;
            long available = size - from;
            if (!h.compressed()) {
                if (from < 0 || available < dataBytes) {
                    throw new ImageFormatException(dataFile, "data", "truncated: the header describes " + dataBytes
                            + " bytes of " + h.elementType() + " but only " + Math.max(0, available) + " are there");
                }
                return Channels.newInputStream(channel.position(from)).readNBytes(dataBytes);
            }
            if (start == -1) {
                throw new ImageFormatException(dataFile, "HeaderSize", "-1 cannot locate compressed data");
            }
            long compressedBytes = h.compressedSize() >= 0 ? h.compressedSize() : available;
            if (compressedBytes > available) {
                throw new ImageFormatException(dataFile, "CompressedDataSize", compressedBytes + " bytes, but only "
                        + Math.max(0, available) + " follow the header");
            }
            if (dataBytes > compressedBytes * MAX_ZLIB_RATIO + 64) {
                throw new ImageFormatException(dataFile, "DimSize", "the header describes " + dataBytes
                        + " bytes, more than " + compressedBytes + " compressed bytes can hold");
            }
            byte[] compressed = Channels.newInputStream(channel.position(from)).readNBytes((int) compressedBytes);
            return inflate(dataFile, compressed, dataBytes);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(dataFile, "ElementDataFile", "data file not found", e);
        }
    }

    private static byte[] inflate(Path dataFile, byte[] compressed, int dataBytes) throws ImageFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[dataBytes];
            int n = 0;
            while (n < dataBytes && !inflater.finished()) {
                int got = inflater.inflate(out, n, dataBytes - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n < dataBytes) {
                throw new ImageFormatException(dataFile, "data", "truncated: the compressed data expands to " + n
                        + " bytes, the header describes " + dataBytes);
            }
            byte[] probe = new byte[1];
            if (!inflater.finished() && inflater.inflate(probe) > 0) {
                throw new ImageFormatException(dataFile, "data", "the compressed data expands to more than the "
                        + dataBytes + " bytes the header describes");
            }
            return out;
        } catch (DataFormatException e) {
            throw new ImageFormatException(dataFile, "data", "corrupt zlib data (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }

    /** The NIfTI datatype of a MET_* element type, so that info shows it and convert keeps it by default. */
    private static NiftiDatatype datatype(String elementType) {
        return switch (elementType) {
            case "MET_UCHAR" -> NiftiDatatype.UINT8;
            case "MET_CHAR" -> NiftiDatatype.INT8;
            case "MET_USHORT" -> NiftiDatatype.UINT16;
            case "MET_SHORT" -> NiftiDatatype.INT16;
            case "MET_UINT" -> NiftiDatatype.UINT32;
            case "MET_INT" -> NiftiDatatype.INT32;
            case "MET_DOUBLE" -> NiftiDatatype.FLOAT64;
            default -> NiftiDatatype.FLOAT32;
        };
    }

    /** The NIfTI header: shape, spacing, the element type, and the LPS placement turned into a RAS sform. */
    private static NiftiHeader header(MetaImageHeader h) {
        int n = h.dimSize().length;
        float[] spacing = new float[n];
        for (int i = 0; i < n; i++) {
            spacing[i] = (float) h.spacing()[i];
        }
        NiftiHeader plain = NiftiHeader.of(h.dimSize(), spacing);
        float[][] ras = new float[3][4];
        for (int r = 0; r < 3; r++) {
            double sign = r < 2 ? -1 : 1; // LPS to RAS
            for (int axis = 0; axis < 3; axis++) {
                double direction = axis < n && r < n ? h.transform()[axis * n + r] : (axis == r ? 1 : 0);
                double step = axis < n ? h.spacing()[axis] : 1;
                ras[r][axis] = (float) (sign * direction * step);
            }
            ras[r][3] = (float) (r < n ? sign * h.offset()[r] : 0);
        }
        return new NiftiHeader(plain.dim(), datatype(h.elementType()), plain.pixdim(), plain.voxOffset(), 1f, 0f,
                plain.xyztUnits(), 0f, 0f, 0, 1, 0f, 0f, 0f, 0f, 0f, 0f, ras[0], ras[1], ras[2],
                "MetaImage " + h.elementType(), 0, 0f, 0f, 0f, "");
    }
}
