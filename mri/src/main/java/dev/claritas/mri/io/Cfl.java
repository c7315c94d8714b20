package dev.claritas.mri.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes BART's file pair (BART's {@code src/misc/mmio.c}): a text header {@code name.hdr} whose line
 * after {@code # Dimensions} lists the dimensions separated by spaces, and {@code name.cfl} holding the complex64
 * values, little-endian float pairs, first dimension fastest (see {@link CflArray} for how that maps to row-major
 * tensors). Other header sections ({@code # Command}, {@code # Files}, {@code # Creator}) are ignored.
 *
 * <p>Either file of the pair, or the name without extension, names the pair. The data file's size is checked
 * against the dimensions before anything is allocated.
 */
public final class Cfl {

    /** BART's headers are a few hundred bytes; this bounds what a hostile one can make us read. */
    private static final int MAX_HEADER_BYTES = 1 << 16;
    /** BART uses 16; more than this cannot be a real header. */
    private static final int MAX_DIMS = 64;
    private static final long MAX_FLOATS = Integer.MAX_VALUE - 8;

    private Cfl() {}

    /**
     * Reads a pair.
     *
     * @param file {@code name.cfl}, {@code name.hdr} or {@code name}
     * @throws ImageFormatException if a file is missing, the header has no valid dimensions, or the data file's
     *                              size does not match them
     */
    public static CflArray read(Path file) throws IOException {
        Path hdr = sibling(file, ".hdr");
        Path cfl = sibling(file, ".cfl");
        int[] dims = dims(hdr);
        long floats = 2;
        for (int d : dims) {
            floats *= d; // every d < 2^31 and floats stays below 2^31 here, so no overflow
            if (floats > MAX_FLOATS) {
                throw new ImageFormatException(hdr, "# Dimensions", Arrays.toString(dims)
                        + " is larger than one Java array can hold");
            }
        }
        long size;
        try {
            size = Files.size(cfl);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(cfl, "file", "not found (the data file of " + hdr.getFileName() + ")", e);
        }
        if (size != 4 * floats) {
            throw new ImageFormatException(cfl, "data", "the header's dimensions " + Arrays.toString(dims)
                    + " need " + 4 * floats + " bytes but the file has " + size);
        }
        byte[] bytes = Files.readAllBytes(cfl);
        return new CflArray(dims, RawValues.decode(bytes, ByteOrder.LITTLE_ENDIAN, 'c', 8));
    }

    /** Writes {@code name.hdr} and {@code name.cfl}; {@code file} is either of them or the name without extension. */
    public static void write(Path file, CflArray array) throws IOException {
        StringBuilder header = new StringBuilder("# Dimensions\n");
        for (int d : array.dims()) {
            header.append(d).append(' ');
        }
        header.append('\n');
        Files.writeString(sibling(file, ".hdr"), header, StandardCharsets.US_ASCII);
        Files.write(sibling(file, ".cfl"), RawValues.encode(array.data(), ByteOrder.LITTLE_ENDIAN, 'c', 8));
    }

    /** Whether a file is a BART header: its first line is {@code # Dimensions}. */
    static boolean looksLikeHeader(Path hdr) throws IOException {
        try (InputStream in = Files.newInputStream(hdr)) {
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII).equals("# Dimensions");
        }
    }

    /** The file of the pair with this extension. */
    public static Path sibling(Path file, String extension) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".cfl") || lower.endsWith(".hdr") ? name.substring(0, name.length() - 4) : name;
        return file.resolveSibling(base + extension);
    }

    private static int[] dims(Path hdr) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(hdr)) {
            bytes = in.readNBytes(MAX_HEADER_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(hdr, "file", "not found (the header of a BART .cfl/.hdr pair)", e);
        }
        if (bytes.length > MAX_HEADER_BYTES) {
            throw new ImageFormatException(hdr, "header", "over " + MAX_HEADER_BYTES + " bytes; not a BART header");
        }
        List<String> lines = new String(bytes, StandardCharsets.US_ASCII).lines().toList();
        int at = lines.indexOf("# Dimensions");
        if (at < 0 || at + 1 >= lines.size()) {
            throw new ImageFormatException(hdr, "# Dimensions", "missing; not a BART header");
        }
        String[] fields = lines.get(at + 1).strip().split(" +");
        if (fields.length > MAX_DIMS || fields[0].isEmpty()) {
            throw new ImageFormatException(hdr, "# Dimensions", fields[0].isEmpty() ? "no dimensions listed"
                    : fields.length + " dimensions; at most " + MAX_DIMS + " are accepted");
        }
        int[] dims = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            try {
                dims[i] = Integer.parseInt(fields[i]);
            } catch (NumberFormatException e) {
                throw new ImageFormatException(hdr, "# Dimensions", "'" + fields[i] + "' is not a dimension size");
            }
            if (dims[i] < 1) {
                throw new ImageFormatException(hdr, "# Dimensions", "dimension " + i + " is " + dims[i]
                        + "; sizes are at least 1");
            }
        }
        return dims;
    }
}
