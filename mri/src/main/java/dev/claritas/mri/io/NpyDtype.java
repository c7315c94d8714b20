package dev.claritas.mri.io;

import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Optional;

/**
 * A NumPy array-protocol type string ({@code descr} of an {@code .npy} header) this library reads and writes:
 * a byte order ({@code <} little, {@code >} big, {@code |} not applicable), a kind ({@code f} float, {@code i}
 * signed, {@code u} unsigned integer, {@code c} complex) and the item size in bytes. Supported: f4, f8, i1, i2,
 * i4, u1, u2 and c8 (two float32, real then imaginary) in either byte order; {@code =} (native) is refused since
 * NumPy never writes it to a file and its meaning depends on the reading machine.
 *
 * @param order byte order of multi-byte items; little-endian for one-byte items
 * @param kind  'f', 'i', 'u' or 'c'
 * @param size  bytes per item (8 for c8: two floats)
 */
public record NpyDtype(ByteOrder order, char kind, int size) {

    public static final NpyDtype FLOAT32 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'f', 4);
    public static final NpyDtype FLOAT64 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'f', 8);
    public static final NpyDtype INT16 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'i', 2);
    public static final NpyDtype INT32 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'i', 4);
    public static final NpyDtype UINT8 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'u', 1);
    public static final NpyDtype COMPLEX64 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'c', 8);

    /** Checks that the kind and size are a supported combination. */
    public NpyDtype {
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i' -> size == 1 || size == 2 || size == 4;
            case 'u' -> size == 1 || size == 2;
            case 'c' -> size == 8;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("unsupported NumPy type " + kind + size + "; supported: " + SUPPORTED);
        }
        if (size == 1) {
            order = ByteOrder.LITTLE_ENDIAN; // one byte has no order; keeps equals() meaningful
        }
    }

    /** The supported types, for error messages. */
    static final String SUPPORTED = "f4, f8, i1, i2, i4, u1, u2, c8 with '<' or '>' ('|' for one-byte types)";

    /** Parses a {@code descr} such as {@code "<f4"}, or empty if it is not one this library supports. */
    public static Optional<NpyDtype> parse(String descr) {
        if (descr.length() < 3) {
            return Optional.empty();
        }
        char o = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // NumPy writes '|' for one-byte types and '<' or '>' otherwise; '<' or '>' on a one-byte type is harmless
        boolean orderOk = o == '<' || o == '>' || (o == '|' && size == 1);
        if (!orderOk) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NpyDtype(o == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, kind, size));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The {@code descr} string NumPy writes for this type, e.g. {@code "<f4"} or {@code "|u1"}. */
    public String descr() {
        char o = size == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return o + String.valueOf(kind) + size;
    }

    /** Whether an item is a complex number, two floats in the array's data. */
    public boolean isComplex() {
        return kind == 'c';
    }

    /** Whether items are integers, which need rounding and clamping on write. */
    public boolean isInteger() {
        return kind == 'i' || kind == 'u';
    }

    /** Floats one item becomes: 2 for complex, else 1. */
    public int valuesPerItem() {
        return isComplex() ? 2 : 1;
    }

    @Override
    public String toString() {
        return descr().toLowerCase(Locale.ROOT);
    }
}
