package dev.claritas.mri.io;

import static dev.claritas.mri.io.Nifti1Layout.*;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one single-file NIfTI-1 image, plain or gzip-compressed, checking the header before trusting it.
 *
 * <p>Nothing is allocated on the header's word alone: a plain file's size is checked against what the header
 * promises before any voxel is read, and a compressed stream is read into a buffer that grows only as data
 * actually arrives, so a damaged or hostile header ends in an {@link ImageFormatException}, never in an
 * {@link OutOfMemoryError}.
 */
final class NiftiReader {

    /** The largest byte array the JVM reliably allocates; volumes must fit one. */
    private static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    /** First size of the buffer a compressed stream is read into; it doubles as data keeps coming. */
    private static final int FIRST_BUFFER_BYTES = 1 << 20;
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    private final Path file;

    NiftiReader(Path file) {
        this.file = file;
    }

    NiftiImage read() throws IOException {
        if (Files.isDirectory(file)) {
            throw fail("file", "is a directory");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), STREAM_BUFFER_BYTES)) {
            if (startsWithGzipMagic(raw)) {
                return read(new GZIPInputStream(raw, STREAM_BUFFER_BYTES), -1);
            }
            return read(raw, Files.size(file));
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(file, "file", "not found", e);
        } catch (ZipException e) {
            throw new ImageFormatException(file, "gzip", "corrupt compressed data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            // Only a gzip stream cut before its own header ends gets here; every read below reports its own.
            throw new ImageFormatException(file, "gzip", "truncated: the compressed stream ends early", e);
        }
    }

    /**
     * @param in       the uncompressed byte stream, at the start of the header
     * @param fileSize the size of a plain file, to check the header against; -1 for a compressed one
     */
    private NiftiImage read(InputStream in, long fileSize) throws IOException {
        byte[] headerBytes = readHeaderBytes(in);
        NiftiVersion version = version(headerBytes);
        ByteOrder order = byteOrder(headerBytes, version);
        checkMagic(headerBytes, version);
        ByteBuffer h = ByteBuffer.wrap(headerBytes).order(order);

        int[] dim = dims(h, version);
        NiftiDatatype datatype = datatype(h, version);
        long dataBytes = dataBytes(dim, datatype);
        long voxOffset = voxOffset(h, version);
        if (fileSize >= 0 && voxOffset + dataBytes > fileSize) {
            throw fail("data", "truncated: the header describes " + describe(dim, datatype) + ", " + dataBytes
                    + " bytes from offset " + voxOffset + ", but the file has only " + fileSize + " bytes");
        }
        NiftiHeader header = version == NiftiVersion.NIFTI1
                ? header(h, dim, datatype, voxOffset)
                : header2(h, dim, datatype, voxOffset);
        if (header.hasScaling() && !Float.isFinite(header.sclInter())) {
            throw fail("scl_inter", header.sclInter() + " is not finite while scl_slope is " + header.sclSlope());
        }

        skipTo(in, voxOffset, version, dim, datatype);
        byte[] voxels = readData(in, (int) dataBytes, dim, datatype);
        float[] data = header.hasScaling()
                ? decode(voxels, datatype, order, header.sclSlope(), header.sclInter())
                : decode(voxels, datatype, order, 1, 0);
        return new NiftiImage(header, data);
    }

    private static boolean startsWithGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    /**
     * Reads the 348 bytes both versions have, then the rest of a NIfTI-2 header. Reading that much at once lets a
     * damaged gzip stream report itself as such rather than as a bad sizeof_hdr.
     */
    private byte[] readHeaderBytes(InputStream in) throws IOException {
        try {
            byte[] bytes = in.readNBytes(HEADER_SIZE);
            NiftiVersion version = bytes.length >= 4 ? version(bytes) : NiftiVersion.NIFTI1; // not NIfTI says so
            if (bytes.length == HEADER_SIZE) {
                byte[] rest = in.readNBytes(version.headerSize() - HEADER_SIZE);
                bytes = Arrays.copyOf(bytes, HEADER_SIZE + rest.length);
                System.arraycopy(rest, 0, bytes, HEADER_SIZE, rest.length);
            }
            if (bytes.length < version.headerSize()) {
                throw fail("header", "truncated: " + bytes.length + " bytes, a " + version + " header needs "
                        + version.headerSize());
            }
            return bytes;
        } catch (EOFException e) {
            throw new ImageFormatException(file, "header", "truncated: the compressed stream ends inside the header",
                    e);
        }
    }

    /** The version whose header size sizeof_hdr gives, in either byte order; rejects anything else. */
    private NiftiVersion version(byte[] header) throws ImageFormatException {
        int little = ByteBuffer.wrap(header, SIZEOF_HDR, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int big = Integer.reverseBytes(little);
        for (NiftiVersion version : NiftiVersion.values()) {
            if (little == version.headerSize() || big == version.headerSize()) {
                return version;
            }
        }
        throw fail("sizeof_hdr", little + " (byte-swapped " + big + ") is neither " + HEADER_SIZE + " nor "
                + NIFTI2_HEADER_SIZE + ": not a NIfTI file");
    }

    private static ByteOrder byteOrder(byte[] header, NiftiVersion version) {
        int little = ByteBuffer.wrap(header, SIZEOF_HDR, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return little == version.headerSize() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    private void checkMagic(byte[] header, NiftiVersion version) throws ImageFormatException {
        int at = version == NiftiVersion.NIFTI1 ? MAGIC : Nifti2Layout.MAGIC;
        String magic = new String(header, at, 4, StandardCharsets.ISO_8859_1);
        if (magic.equals(version.magic() + "\0")) {
            return;
        }
        if (magic.equals(MAGIC_PAIR + "\0") || magic.equals("ni2\0")) {
            throw fail("magic", "'" + magic.substring(0, 3) + "' marks the header of a .hdr/.img pair, which is not"
                    + " supported; convert it to a single .nii file");
        }
        throw fail("magic", "'" + printable(magic) + "' is not '" + version.magic() + "': not a " + version + " file");
    }

    private int[] dims(ByteBuffer h, NiftiVersion version) throws ImageFormatException {
        long[] stored = new long[8];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = version == NiftiVersion.NIFTI1 ? h.getShort(DIM + 2 * i) : h.getLong(Nifti2Layout.DIM + 8 * i);
        }
        if (stored[0] < 1 || stored[0] > 7) {
            throw fail("dim[0]", stored[0] + " dimensions; " + version + " allows 1 to 7");
        }
        int[] dim = new int[8];
        for (int i = 0; i < dim.length; i++) {
            boolean used = i <= stored[0];
            if (used && stored[i] < 1) {
                throw fail("dim[" + i + "]", "size " + stored[i] + "; every used dimension needs at least 1 voxel");
            }
            if (used && stored[i] > version.maxDimension()) {
                throw fail("dim[" + i + "]", "size " + stored[i] + " exceeds the " + version.maxDimension()
                        + " this reader supports");
            }
            // unused entries are kept only when they fit; nothing reads them
            dim[i] = (int) Math.clamp(stored[i], -version.maxDimension() - 1L, version.maxDimension());
        }
        return dim;
    }

    private NiftiDatatype datatype(ByteBuffer h, NiftiVersion version) throws ImageFormatException {
        int code = h.getShort(version == NiftiVersion.NIFTI1 ? DATATYPE : Nifti2Layout.DATATYPE);
        return NiftiDatatype.fromCode(code).orElseThrow(() -> fail("datatype",
                "code " + code + " is not supported (supported: " + NiftiDatatype.supportedNames() + ")"));
    }

    /** Bytes of voxel data the header promises, refusing volumes too large for one Java array. */
    private long dataBytes(int[] dim, NiftiDatatype datatype) throws ImageFormatException {
        long bytes = datatype.bytesPerVoxel();
        for (int i = 1; i <= dim[0]; i++) {
            bytes *= dim[i]; // at most 2^31 times at most 2^31, so this cannot overflow before the check below
            if (bytes > MAX_DATA_BYTES) {
                throw fail("dim", describe(dim, datatype) + " need more than the " + MAX_DATA_BYTES
                        + " bytes this reader supports");
            }
        }
        return bytes;
    }

    private long voxOffset(ByteBuffer h, NiftiVersion version) throws ImageFormatException {
        int first = version.dataOffset();
        if (version == NiftiVersion.NIFTI2) {
            long offset = h.getLong(Nifti2Layout.VOX_OFFSET);
            if (offset < first || offset > MAX_DATA_BYTES) {
                throw fail("vox_offset", offset + "; a single-file NIfTI-2 needs " + first + " to " + MAX_DATA_BYTES);
            }
            return offset;
        }
        float offset = h.getFloat(VOX_OFFSET);
        if (!(offset >= first && offset <= MAX_DATA_BYTES && offset == Math.rint(offset))) {
            throw fail("vox_offset", offset + "; a single-file NIfTI-1 needs a whole number from " + first + " on");
        }
        return (long) offset;
    }

    /** Skips header extensions, if any, up to the voxel data. */
    private void skipTo(InputStream in, long voxOffset, NiftiVersion version, int[] dim, NiftiDatatype datatype)
            throws IOException {
        try {
            in.skipNBytes(voxOffset - version.headerSize());
        } catch (EOFException e) {
            throw new ImageFormatException(file, "data", "truncated: the file ends before vox_offset "
                    + voxOffset + ", where " + describe(dim, datatype) + " should start", e);
        }
    }

    /**
     * Reads exactly {@code expected} bytes into a buffer that grows only as data arrives, so that a header
     * promising more than a compressed stream holds costs no more memory than the stream really has.
     */
    private byte[] readData(InputStream in, int expected, int[] dim, NiftiDatatype datatype) throws IOException {
        byte[] buffer = new byte[Math.min(expected, FIRST_BUFFER_BYTES)];
        int filled = 0;
        try {
            while (filled < expected) {
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(expected, 2L * buffer.length));
                }
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new EOFException();
                }
                filled += n;
            }
        } catch (EOFException e) {
            throw new ImageFormatException(file, "data", "truncated: " + describe(dim, datatype) + " need "
                    + expected + " bytes but the data ends after " + filled + " bytes", e);
        }
        return buffer;
    }

    /**
     * Converts stored values to floats in real units: {@code slope * stored + inter}, computed in double. For
     * complex voxels the slope scales both parts and the intercept is added to the real part, as numpy's
     * {@code slope * z + inter} (and so nibabel) does.
     */
    private static float[] decode(byte[] bytes, NiftiDatatype datatype, ByteOrder order, double slope,
            double inter) {
        int count = bytes.length / datatype.bytesPerVoxel() * (datatype.isComplex() ? 2 : 1);
        float[] out = new float[count];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(order);
        switch (datatype) {
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * (bytes[i] & 0xFF) + inter);
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * bytes[i] + inter);
                }
            }
            case INT16 -> {
                ShortBuffer values = buffer.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * values.get(i) + inter);
                }
            }
            case UINT16 -> {
                ShortBuffer values = buffer.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * (values.get(i) & 0xFFFF) + inter);
                }
            }
            case INT32 -> {
                IntBuffer values = buffer.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * values.get(i) + inter);
                }
            }
            case UINT32 -> {
                IntBuffer values = buffer.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * Integer.toUnsignedLong(values.get(i)) + inter);
                }
            }
            case FLOAT32 -> {
                FloatBuffer values = buffer.asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * values.get(i) + inter);
                }
            }
            case FLOAT64 -> {
                DoubleBuffer values = buffer.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * values.get(i) + inter);
                }
            }
            case COMPLEX64 -> {
                FloatBuffer values = buffer.asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (slope * values.get(i) + (i % 2 == 0 ? inter : 0));
                }
            }
        }
        return out;
    }

    private static NiftiHeader header(ByteBuffer h, int[] dim, NiftiDatatype datatype, long voxOffset) {
        float[] pixdim = new float[8];
        for (int i = 0; i < pixdim.length; i++) {
            pixdim[i] = h.getFloat(PIXDIM + 4 * i);
        }
        return new NiftiHeader(
                dim,
                datatype,
                pixdim,
                voxOffset,
                h.getFloat(SCL_SLOPE),
                h.getFloat(SCL_INTER),
                h.get(XYZT_UNITS) & 0xFF,
                h.getFloat(CAL_MIN),
                h.getFloat(CAL_MAX),
                h.getShort(QFORM_CODE),
                h.getShort(SFORM_CODE),
                h.getFloat(QUATERN_B),
                h.getFloat(QUATERN_C),
                h.getFloat(QUATERN_D),
                h.getFloat(QOFFSET_X),
                h.getFloat(QOFFSET_Y),
                h.getFloat(QOFFSET_Z),
                floats(h, SROW_X, 4),
                floats(h, SROW_Y, 4),
                floats(h, SROW_Z, 4),
                text(h, DESCRIP, DESCRIP_LENGTH),
                h.getShort(INTENT_CODE),
                h.getFloat(INTENT_P1),
                h.getFloat(INTENT_P2),
                h.getFloat(INTENT_P3),
                text(h, INTENT_NAME, INTENT_NAME_LENGTH));
    }

    /** The NIfTI-2 fields, float64 narrowed to the float32 that {@link NiftiHeader} keeps. */
    private static NiftiHeader header2(ByteBuffer h, int[] dim, NiftiDatatype datatype, long voxOffset) {
        float[] pixdim = new float[8];
        for (int i = 0; i < pixdim.length; i++) {
            pixdim[i] = (float) h.getDouble(Nifti2Layout.PIXDIM + 8 * i);
        }
        return new NiftiHeader(
                dim,
                datatype,
                pixdim,
                voxOffset,
                (float) h.getDouble(Nifti2Layout.SCL_SLOPE),
                (float) h.getDouble(Nifti2Layout.SCL_INTER),
                h.getInt(Nifti2Layout.XYZT_UNITS) & 0xFF,
                (float) h.getDouble(Nifti2Layout.CAL_MIN),
                (float) h.getDouble(Nifti2Layout.CAL_MAX),
                (short) h.getInt(Nifti2Layout.QFORM_CODE),
                (short) h.getInt(Nifti2Layout.SFORM_CODE),
                (float) h.getDouble(Nifti2Layout.QUATERN_B),
                (float) h.getDouble(Nifti2Layout.QUATERN_C),
                (float) h.getDouble(Nifti2Layout.QUATERN_D),
                (float) h.getDouble(Nifti2Layout.QOFFSET_X),
                (float) h.getDouble(Nifti2Layout.QOFFSET_Y),
                (float) h.getDouble(Nifti2Layout.QOFFSET_Z),
                doubles(h, Nifti2Layout.SROW_X, 4),
                doubles(h, Nifti2Layout.SROW_Y, 4),
                doubles(h, Nifti2Layout.SROW_Z, 4),
                text(h, Nifti2Layout.DESCRIP, DESCRIP_LENGTH),
                (short) h.getInt(Nifti2Layout.INTENT_CODE),
                (float) h.getDouble(Nifti2Layout.INTENT_P1),
                (float) h.getDouble(Nifti2Layout.INTENT_P2),
                (float) h.getDouble(Nifti2Layout.INTENT_P3),
                text(h, Nifti2Layout.INTENT_NAME, INTENT_NAME_LENGTH),
                NiftiVersion.NIFTI2);
    }

    private static float[] doubles(ByteBuffer h, int offset, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) h.getDouble(offset + 8 * i);
        }
        return values;
    }

    private static float[] floats(ByteBuffer h, int offset, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = h.getFloat(offset + 4 * i);
        }
        return values;
    }

    /** A NUL-terminated (or full-length) Latin-1 text field. */
    private static String text(ByteBuffer h, int offset, int length) {
        int end = 0;
        while (end < length && h.get(offset + end) != 0) {
            end++;
        }
        return new String(h.array(), offset, end, StandardCharsets.ISO_8859_1);
    }

    /** E.g. "128×128×62 int16 voxels", for messages. */
    private static String describe(int[] dim, NiftiDatatype datatype) {
        String shape = Arrays.stream(dim, 1, dim[0] + 1).mapToObj(Integer::toString)
                .collect(Collectors.joining("×"));
        return shape + " " + datatype + " voxels";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.toString();
    }

    private ImageFormatException fail(String field, String problem) {
        return new ImageFormatException(file, field, problem);
    }
}
