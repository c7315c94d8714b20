package dev.claritas.tensor.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: where each tensor lies in the byte buffer, and the
 * metadata. {@link #parse} turns untrusted header bytes into a header that is safe to act on;
 * {@link #encode} writes one.
 *
 * @param entries  the tensors, in header order
 * @param metadata the {@code __metadata__} entries
 */
record SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {

    /** The key under which the header keeps its metadata instead of a tensor. */
    static final String METADATA_KEY = "__metadata__";

    private static final Set<String> TENSOR_FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** Where one tensor lies: bytes {@code [begin, end)} of the buffer that follows the header. */
    record Entry(String name, ElementType type, int[] shape, long begin, long end) {
        int byteLength() {
            return Math.toIntExact(end - begin);
        }
    }

    /**
     * Parses and checks header bytes.
     *
     * <p>Checks, besides the JSON itself: every tensor has exactly the fields dtype, shape and
     * data_offsets; the dtype is supported; dimensions are non-negative; each tensor's offsets span
     * exactly numel × element size bytes; and, as in the reference implementation, the tensors tile
     * the buffer with no overlap, no gap and nothing left over.
     *
     * @param json         the header bytes (UTF-8, possibly padded with spaces)
     * @param bufferLength the length of the byte buffer after the header
     * @param file         the file's name, for error messages
     * @throws SafeTensorsFormatException if any check fails
     */
    static SafeTensorsHeader parse(byte[] json, long bufferLength, String file) {
        Object root;
        try {
            root = Json.parse(decodeUtf8(json, file));
        } catch (Json.JsonException e) {
            throw new SafeTensorsFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> fields)) {
            throw new SafeTensorsFormatException(file, "header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            String name = (String) field.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = parseMetadata(field.getValue(), file);
            } else {
                entries.add(parseEntry(name, field.getValue(), bufferLength, file));
            }
        }
        checkTiling(entries, bufferLength, file);
        return new SafeTensorsHeader(List.copyOf(entries), metadata);
    }

    /**
     * The header for these tensors, laid out in the given order, as UTF-8 JSON padded with spaces to
     * a multiple of 8 bytes so that the buffer after it starts aligned, as the reference writer does.
     * Metadata comes first and is left out when empty.
     */
    static byte[] encode(Map<String, RawTensor> tensors, Map<String, String> metadata) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            root.put(METADATA_KEY, metadata);
        }
        long offset = 0;
        for (Map.Entry<String, RawTensor> e : tensors.entrySet()) {
            RawTensor t = e.getValue();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("dtype", t.dtype());
            fields.put("shape", Arrays.stream(t.shape()).boxed().toList());
            fields.put("data_offsets", List.of(offset, offset + t.data().length));
            root.put(e.getKey(), fields);
            offset += t.data().length;
        }
        byte[] json = Json.write(root).getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static String decodeUtf8(byte[] bytes, String file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException(file, "header is not valid UTF-8", e);
        }
    }

    private static Map<String, String> parseMetadata(Object value, String file) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafeTensorsFormatException(file, "field '" + METADATA_KEY + "' is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafeTensorsFormatException(file, "field '" + METADATA_KEY + "." + e.getKey()
                        + "' is not a string");
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static Entry parseEntry(String name, Object value, long bufferLength, String file) {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> fields)) {
            throw new SafeTensorsFormatException(file, where + " is not a JSON object");
        }
        for (String required : TENSOR_FIELDS) {
            if (!fields.containsKey(required)) {
                throw new SafeTensorsFormatException(file, where + ": missing field '" + required + "'");
            }
        }
        for (Object key : fields.keySet()) {
            if (!TENSOR_FIELDS.contains(key)) {
                throw new SafeTensorsFormatException(file, where + ": unknown field '" + key + "'");
            }
        }
        if (!(fields.get("dtype") instanceof String dtype)) {
            throw new SafeTensorsFormatException(file, where + ": field 'dtype' is not a string");
        }
        ElementType type = ElementType.byName(dtype);
        if (type == null) {
            throw new SafeTensorsFormatException(file, where + ": field 'dtype' has unsupported value '" + dtype
                    + "'; supported: " + Arrays.toString(ElementType.values()));
        }
        long[] dims = longs(fields.get("shape"), -1, where + ": field 'shape'", file);
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new SafeTensorsFormatException(file, where + ": field 'shape' " + Arrays.toString(dims)
                        + (dims[i] < 0 ? " has a negative dimension" : " has a dimension above 2^31 - 1"));
            }
            shape[i] = (int) dims[i];
        }
        long[] offsets = longs(fields.get("data_offsets"), 2, where + ": field 'data_offsets'", file);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin || end > bufferLength) {
            throw new SafeTensorsFormatException(file, where + ": field 'data_offsets' " + Arrays.toString(offsets)
                    + " is not a range within the " + bufferLength + "-byte buffer");
        }
        long expected;
        try {
            expected = RawTensor.byteCount(shape, type);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsFormatException(file, where + ": field 'shape' " + Arrays.toString(shape)
                    + " is too large", e);
        }
        if (end - begin != expected) {
            throw new SafeTensorsFormatException(file, where + ": field 'data_offsets' " + Arrays.toString(offsets)
                    + " spans " + (end - begin) + " bytes but shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + expected);
        }
        if (expected > Integer.MAX_VALUE - 8) {
            throw new SafeTensorsFormatException(file, where + " has " + expected
                    + " bytes, more than a Java array holds");
        }
        return new Entry(name, type, shape, begin, end);
    }

    /** A JSON array of integers, of the given length (any length if negative). */
    private static long[] longs(Object value, int length, String where, String file) {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new SafeTensorsFormatException(file, where + " is not an array of "
                    + (length >= 0 ? length + " " : "") + "integers");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v)) {
                throw new SafeTensorsFormatException(file, where + " holds a non-integer: " + list.get(i));
            }
            out[i] = v;
        }
        return out;
    }

    /** Checks that the tensors, sorted by offset, cover the buffer exactly once. */
    private static void checkTiling(List<Entry> entries, long bufferLength, String file) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw new SafeTensorsFormatException(file, "tensor '" + e.name() + "': field 'data_offsets' ["
                        + e.begin() + ", " + e.end() + "] overlaps tensor '" + previous.name() + "' ["
                        + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > covered) {
                throw new SafeTensorsFormatException(file, "tensor '" + e.name() + "': field 'data_offsets' ["
                        + e.begin() + ", " + e.end() + "] leaves a gap: bytes [" + covered + ", " + e.begin()
                        + ") of the buffer belong to no tensor");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != bufferLength) {
            throw new SafeTensorsFormatException(file, "the buffer has " + bufferLength + " bytes but the tensors "
                    + "cover only " + covered);
        }
    }
}
