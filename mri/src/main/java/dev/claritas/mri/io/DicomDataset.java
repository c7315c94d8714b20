package dev.claritas.mri.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The top-level elements of one DICOM file, as byte ranges of the file's bytes; values are decoded on request
 * with the error naming the file and tag. Nested sequences are not kept.
 */
final class DicomDataset {

    /** Where one element's value lies in the file. */
    record Element(String vr, int offset, int length) {}

    private final Path file;
    private final byte[] bytes;
    private final ByteOrder order;
    private final Map<Integer, Element> elements;

    DicomDataset(Path file, byte[] bytes, ByteOrder order, Map<Integer, Element> elements) {
        this.file = file;
        this.bytes = bytes;
        this.order = order;
        this.elements = Map.copyOf(elements);
    }

    Path file() {
        return file;
    }

    ByteOrder order() {
        return order;
    }

    boolean has(int tag) {
        return elements.containsKey(tag);
    }

    Element element(int tag) throws ImageFormatException {
        Element e = elements.get(tag);
        if (e == null) {
            throw fail(tag, "missing");
        }
        return e;
    }

    /** A US (unsigned 16-bit) value. */
    int unsignedShort(int tag) throws ImageFormatException {
        Element e = element(tag);
        if (e.length() < 2) {
            throw fail(tag, "needs 2 bytes, has " + e.length());
        }
        return ByteBuffer.wrap(bytes, e.offset(), 2).order(order).getShort() & 0xFFFF;
    }

    int unsignedShort(int tag, int fallback) throws ImageFormatException {
        return has(tag) ? unsignedShort(tag) : fallback;
    }

    /** A text value (CS, DS, IS, LO, UI, ...) with padding spaces and NULs removed. */
    String string(int tag) throws ImageFormatException {
        Element e = element(tag);
        return new String(bytes, e.offset(), e.length(), StandardCharsets.ISO_8859_1).replace("\0", "").strip();
    }

    String string(int tag, String fallback) throws ImageFormatException {
        return has(tag) ? string(tag) : fallback;
    }

    /** A DS or IS value with {@code count} numbers separated by backslashes. */
    double[] numbers(int tag, int count) throws ImageFormatException {
        String[] parts = string(tag).split("\\\\");
        if (parts.length != count) {
            throw fail(tag, "has " + parts.length + " values, expected " + count + ": \"" + string(tag) + "\"");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw fail(tag, "\"" + parts[i].strip() + "\" is not a number");
            }
            if (!Double.isFinite(values[i])) {
                throw fail(tag, "\"" + parts[i].strip() + "\" is not finite");
            }
        }
        return values;
    }

    /** A single DS or IS number, or {@code fallback} when the element is absent or empty. */
    double number(int tag, double fallback) throws ImageFormatException {
        return has(tag) && !string(tag).isEmpty() ? numbers(tag, 1)[0] : fallback;
    }

    /** The file's bytes, for reading pixel data in place. */
    byte[] bytes() {
        return bytes;
    }

    ImageFormatException fail(int tag, String problem) {
        return new ImageFormatException(file, DicomTags.name(tag), problem);
    }

    /** A tag as DICOM writes it, e.g. {@code (0028,0010)}. */
    static String format(int tag) {
        return String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
