package dev.claritas.mri.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0 (NumPy's NEP 1, "A simple file
 * format for NumPy arrays", and {@code numpy.lib.format}): the magic {@code \x93NUMPY}, a version, a little-endian
 * header length (2 bytes in 1.0, 4 in 2.0 and 3.0), a Python dictionary literal padded with spaces to a multiple of
 * 64 bytes and ended by a newline, then the raw items in C or Fortran order.
 *
 * <p>Reading checks the header strictly (see {@link NpyHeader}) and checks that the shape's item count matches
 * the bytes the file holds before anything is allocated, so a lying header ends in an {@link ImageFormatException}
 * naming the file and field. Writing produces version 1.0 (2.0 if the header needs more than 65535 bytes), C
 * order, as {@code numpy.save} does.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy refuses headers over 10000 bytes by default; far more than a three-key dictionary needs. */
    private static final int MAX_HEADER_BYTES = 1 << 16;
    /** The largest float array the JVM reliably allocates. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final int ALIGNMENT = 64;

    private Npy() {}

    /**
     * Reads an array, converting Fortran order to C order.
     *
     * @throws ImageFormatException if the file is missing, not {@code .npy}, truncated, or its header is malformed
     *                              or describes something unsupported
     */
    public static NpyArray read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ImageFormatException(file, "file", "is a directory");
        }
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(file, "file", "not found", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(8);
            if (prefix.length < 8 || !Arrays.equals(prefix, 0, 6, MAGIC, 0, 6)) {
                throw new ImageFormatException(file, "magic", "not a NumPy .npy file (no \\x93NUMPY at the start)");
            }
            int major = prefix[6] & 0xff;
            int minor = prefix[7] & 0xff;
            if (major < 1 || major > 3 || minor != 0) {
                throw new ImageFormatException(file, "version", major + "." + minor + " is not supported; 1.0, 2.0 "
                        + "and 3.0 are");
            }
            int lengthBytes = major == 1 ? 2 : 4;
            byte[] lengthField = in.readNBytes(lengthBytes);
            if (lengthField.length < lengthBytes) {
                throw new ImageFormatException(file, "header_len", "truncated: the file ends inside it");
            }
            ByteBuffer lb = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = major == 1 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
            long dataOffset = 8 + lengthBytes + headerLength;
            if (headerLength > MAX_HEADER_BYTES || dataOffset > fileSize) {
                throw new ImageFormatException(file, "header_len", headerLength + " bytes is "
                        + (dataOffset > fileSize ? "more than the file holds (" + fileSize + " bytes)"
                        : "over the limit of " + MAX_HEADER_BYTES));
            }
            // 1.0 and 2.0 headers are Latin-1; 3.0 allows UTF-8 (for structured field names, refused anyway)
            String text = new String(in.readNBytes((int) headerLength),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            if (!text.endsWith("\n")) {
                throw new ImageFormatException(file, "header", "does not end with a newline");
            }
            NpyHeader header = NpyHeader.parse(file, text);
            NpyDtype dtype = header.dtype();
            long items = itemCount(file, header.shape(), dtype);
            long dataBytes = items * dtype.size();
            long available = fileSize - dataOffset;
            if (dataBytes != available) {
                throw new ImageFormatException(file, "shape", "describes " + describe(header) + " = " + dataBytes
                        + " bytes, but the file holds " + available + " bytes of data");
            }
            float[] values = RawValues.decode(in.readNBytes((int) dataBytes), dtype.order(), dtype.kind(),
                    dtype.size());
            if (header.fortranOrder()) {
                values = fortranToC(values, header.shape(), dtype.valuesPerItem());
            }
            return new NpyArray(header.shape(), dtype, values);
        }
    }

    /** Writes an array in C order with its own dtype; integer types are rounded and clamped. */
    public static void write(Path file, NpyArray array) throws IOException {
        NpyDtype dtype = array.dtype();
        String dict = new NpyHeader(dtype, false, array.shape()).format();
        int version = 10 + dict.length() + 1 <= 0xffff ? 1 : 2;
        int prefix = version == 1 ? 10 : 12;
        int padded = (prefix + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String text = dict + " ".repeat(padded - prefix - dict.length() - 1) + "\n";
        ByteBuffer head = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            head.putShort((short) text.length());
        } else {
            head.putInt(text.length());
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(head.array());
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.write(RawValues.encode(array.data(), dtype.order(), dtype.kind(), dtype.size()));
        }
    }

    private static long itemCount(Path file, int[] shape, NpyDtype dtype) throws ImageFormatException {
        long n = 1;
        for (int d : shape) {
            n *= d; // each factor < 2^31 and the running product is capped below, so this cannot overflow
            if (n * dtype.valuesPerItem() > MAX_VALUES) {
                throw new ImageFormatException(file, "shape", Arrays.toString(shape) + " of " + dtype
                        + " is larger than one Java array can hold");
            }
        }
        return n;
    }

    private static String describe(NpyHeader h) {
        return Arrays.toString(h.shape()) + " of " + h.dtype();
    }

    /**
     * Reorders values stored with the first index fastest into C order (last index fastest). Walks the output in
     * order while stepping the Fortran offset, so no index arithmetic per element beyond an add.
     */
    private static float[] fortranToC(float[] in, int[] shape, int perItem) {
        int rank = shape.length;
        if (rank < 2 || in.length == 0) {
            return in;
        }
        long[] stride = new long[rank];
        long s = 1;
        for (int k = 0; k < rank; k++) {
            stride[k] = s;
            s *= shape[k];
        }
        float[] out = new float[in.length];
        int[] index = new int[rank];
        long offset = 0;
        for (int i = 0; i < out.length; i += perItem) {
            System.arraycopy(in, (int) offset * perItem, out, i, perItem);
            for (int k = rank - 1; k >= 0; k--) {
                if (++index[k] < shape[k]) {
                    offset += stride[k];
                    break;
                }
                index[k] = 0;
                offset -= stride[k] * (shape[k] - 1);
            }
        }
        return out;
    }
}
