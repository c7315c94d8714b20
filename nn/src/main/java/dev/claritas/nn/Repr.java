package dev.claritas.nn;

import java.math.BigDecimal;
import java.util.Arrays;

/** Formats constructor arguments the way Python prints them, for the layers' PyTorch-like reprs. */
final class Repr {
    private Repr() {}

    /** A Python tuple: {@code (3,)}, {@code (2, 2)}. */
    static String tuple(int... values) {
        if (values.length == 1) {
            return "(" + values[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sb.append(')').toString();
    }

    /** One number when every axis has the same value, as PyTorch shows a size given as an int; else the tuple. */
    static String size(int[] perAxis) {
        return Arrays.stream(perAxis).allMatch(v -> v == perAxis[0]) ? Integer.toString(perAxis[0]) : tuple(perAxis);
    }

    /** {@code True} or {@code False}. */
    static String bool(boolean value) {
        return value ? "True" : "False";
    }

    /** A whole number without a fraction ({@code 20}), as PyTorch shows its integer defaults; else {@link #number}. */
    static String compact(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : number(value);
    }

    /**
     * A float as Python's {@code repr} writes it: the shortest digits that read back, positional
     * from 1e-4 up to 1e16 ({@code 0.1}, {@code 2.0}) and in exponent form outside ({@code 1e-05}).
     */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return Double.toString(value); // "0.0" or "-0.0", as Python
        }
        // Java's Double.toString also gives the shortest round-tripping digits; only the layout differs.
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            String plain = exact.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
