package dev.claritas.mri.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dictionary of an {@code .npy} file (NumPy's "NPY format" NEP 1): a Python literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}. Parsed by a small strict grammar rather
 * than by pattern matching, so that a damaged or hostile header is refused with the key at fault: exactly the three
 * keys, each once; string values in single or double quotes without escapes; True/False; a tuple of non-negative
 * integers ({@code (5,)} for one dimension, {@code ()} for a scalar). Structured dtypes (a list as {@code descr})
 * are refused.
 *
 * @param dtype        the item type
 * @param fortranOrder whether the data is stored with the first index varying fastest
 * @param shape        the array's dimensions, in NumPy's (C) order
 */
record NpyHeader(NpyDtype dtype, boolean fortranOrder, int[] shape) {

    /** Parses the dictionary text (after the length field, up to and including its padding and newline). */
    static NpyHeader parse(Path file, String text) throws ImageFormatException {
        return new Parser(file, text).header();
    }

    /** The dictionary text NumPy would write, without padding. */
    String format() {
        StringBuilder s = new StringBuilder("{'descr': '").append(dtype.descr()).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",), }" : "), }").toString();
    }

    /** A recursive-descent parser for the one dictionary shape NumPy writes. */
    private static final class Parser {
        private final Path file;
        private final String text;
        private int pos;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        NpyHeader header() throws ImageFormatException {
            Map<String, Object> entries = new HashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            while (peek() != '}') {
                String key = string("header key");
                if (entries.containsKey(key)) {
                    throw fail("header", "key '" + key + "' appears twice");
                }
                skipSpace();
                expect(':');
                skipSpace();
                entries.put(key, switch (key) {
                    case "descr" -> descr();
                    case "fortran_order" -> bool();
                    case "shape" -> shape();
                    default -> throw fail("header", "unexpected key '" + key + "'");
                });
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw fail("header", "expected ',' or '}' at character " + pos);
                }
            }
            pos++;
            if (!text.substring(pos).isBlank()) {
                throw fail("header", "unexpected text after the dictionary at character " + pos);
            }
            for (String key : List.of("descr", "fortran_order", "shape")) {
                if (!entries.containsKey(key)) {
                    throw fail(key, "missing from the header");
                }
            }
            return new NpyHeader((NpyDtype) entries.get("descr"), (Boolean) entries.get("fortran_order"),
                    (int[]) entries.get("shape"));
        }

        private NpyDtype descr() throws ImageFormatException {
            if (peek() == '[') {
                throw fail("descr", "structured (record) arrays are not supported");
            }
            String d = string("descr");
            return NpyDtype.parse(d).orElseThrow(
                    () -> fail("descr", "unsupported type '" + d + "'; supported: " + NpyDtype.SUPPORTED));
        }

        private boolean bool() throws ImageFormatException {
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw fail("fortran_order", "expected True or False at character " + pos);
        }

        private int[] shape() throws ImageFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            boolean trailingComma = false;
            skipSpace();
            while (peek() != ')') {
                int start = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw fail("shape", "expected a non-negative integer at character " + pos);
                }
                try {
                    dims.add(Integer.parseInt(text.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw fail("shape", "dimension " + text.substring(start, pos) + " is too large");
                }
                skipSpace();
                trailingComma = peek() == ',';
                if (trailingComma) {
                    pos++;
                    skipSpace();
                } else if (peek() != ')') {
                    throw fail("shape", "expected ',' or ')' at character " + pos);
                }
            }
            pos++;
            if (dims.size() == 1 && !trailingComma) {
                // Python reads "(5)" as the number 5, not a tuple
                throw fail("shape", "(" + dims.get(0) + ") is not a tuple; a 1-D shape is written (" + dims.get(0) + ",)");
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private String string(String what) throws ImageFormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw fail(what, "expected a quoted string at character " + pos);
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw fail(what, "unterminated string at character " + pos);
            }
            String s = text.substring(pos + 1, end);
            if (s.indexOf('\\') >= 0) {
                throw fail(what, "escape sequences are not supported");
            }
            pos = end + 1;
            return s;
        }

        private void expect(char c) throws ImageFormatException {
            if (peek() != c) {
                throw fail("header", "expected '" + c + "' at character " + pos);
            }
            pos++;
        }

        private char peek() throws ImageFormatException {
            if (pos >= text.length()) {
                throw fail("header", "ends early, at character " + pos);
            }
            return text.charAt(pos);
        }

        private void skipSpace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private ImageFormatException fail(String field, String problem) {
            return new ImageFormatException(file, field, problem);
        }
    }
}
