package dev.claritas.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTensorsTest {

    private static final String NAME = "hostile.safetensors";

    @TempDir
    Path dir;

    // ---- round trips ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"BOOL", "U8", "I8", "I16", "I32", "I64", "F16", "BF16", "F32", "F64"})
    void everyDtypeRoundTripsThroughAFile(String dtype) throws IOException {
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        tensors.put("b", randomTensor(dtype, new int[] {3, 5, 7}, 1));
        tensors.put("a", randomTensor(dtype, new int[] {2}, 2));
        tensors.put("scalar", randomTensor(dtype, new int[] {}, 3));
        tensors.put("empty", randomTensor(dtype, new int[] {0, 4}, 4));
        Map<String, String> metadata = Map.of("format", "pt");
        Path file = dir.resolve("t.safetensors");

        SafeTensors.write(file, tensors, metadata);
        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(tensors, read.tensors());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()), "file order is kept");
        assertEquals(metadata, read.metadata());
    }

    @Test
    void factoriesAndConversionsAgree() {
        int[] shape = {2, 3};
        float[] floats = {1.5f, -2f, 0f, Float.MAX_VALUE, Float.MIN_VALUE, -0f};
        double[] doubles = {Math.PI, -1e300, 0, 1, 2, 3};
        long[] longs = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, 1L << 53};
        boolean[] booleans = {true, false, false, true, true, false};

        assertArrayEquals(floats, RawTensor.ofFloats(shape, floats).toFloats());
        assertArrayEquals(doubles, RawTensor.ofDoubles(shape, doubles).toDoubles());
        assertArrayEquals(longs, RawTensor.ofLongs(shape, longs).toLongs());
        assertArrayEquals(booleans, RawTensor.ofBooleans(shape, booleans).toBooleans());
        assertArrayEquals(new long[] {1, 0, 0, 1, 1, 0}, RawTensor.ofBooleans(shape, booleans).toLongs());
        assertArrayEquals(new float[] {-1, 0, 1, 9.0071993e15f, Long.MIN_VALUE, Long.MAX_VALUE},
                RawTensor.ofLongs(shape, new long[] {-1, 0, 1, 1L << 53, Long.MIN_VALUE, Long.MAX_VALUE}).toFloats());
        assertEquals(6, RawTensor.ofFloats(shape, floats).numel());
        assertEquals(1, RawTensor.ofFloats(new int[] {}, new float[] {7}).numel());
    }

    @Test
    void rawTensorRejectsInconsistentArguments() {
        assertThrows(IllegalArgumentException.class, () -> RawTensor.ofFloats(new int[] {2, 3}, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new RawTensor("F32", new int[] {-1}, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RawTensor("C64", new int[] {1}, new byte[8]));
        assertThrows(IllegalStateException.class, () -> RawTensor.ofFloats(new int[] {1}, new float[1]).toLongs());
        assertThrows(IllegalStateException.class, () -> RawTensor.ofLongs(new int[] {1}, new long[1]).toBooleans());
    }

    @Test
    void shapeIsDefensivelyCopied() {
        int[] shape = {2};
        RawTensor t = RawTensor.ofFloats(shape, new float[2]);
        shape[0] = 5;
        t.shape()[0] = 7;
        assertArrayEquals(new int[] {2}, t.shape());
    }

    @Test
    void headerIsPaddedWithSpacesToAMultipleOf8() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, Map.of("x", RawTensor.ofFloats(new int[] {1}, new float[] {1})), Map.of());
        byte[] bytes = out.toByteArray();
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);

        assertEquals(0, n % 8);
        assertEquals(header.strip(), header.substring(0, header.lastIndexOf('}') + 1));
        assertTrue(header.startsWith("{\"x\":{\"dtype\":\"F32\""), header);
        assertEquals(8 + n + 4, bytes.length);
    }

    @Test
    void metadataAndUnusualNamesSurvive() {
        Map<String, RawTensor> tensors = Map.of("näme \"quoted\"\n", RawTensor.ofFloats(new int[] {1}, new float[] {2}));
        Map<String, String> metadata = Map.of("k\u0001", "{\"json\": [1, 2]}", "unicode", "µ ∑ 😀");
        SafeTensorsFile read = SafeTensors.read(toBytes(tensors, metadata), "mem");
        assertEquals(tensors, read.tensors());
        assertEquals(metadata, read.metadata());
    }

    @Test
    void aTensorCannotBeCalledMetadata() {
        Map<String, RawTensor> tensors = Map.of("__metadata__", RawTensor.ofFloats(new int[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("x"), tensors, Map.of()));
    }

    // ---- atomic replacement -----------------------------------------------------------------

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, Map.of("old", RawTensor.ofFloats(new int[] {1}, new float[] {1})), Map.of());
        SafeTensors.write(file, Map.of("new", RawTensor.ofFloats(new int[] {1}, new float[] {2})), Map.of());

        assertEquals(List.of("new"), List.copyOf(SafeTensors.read(file).tensors().keySet()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aFailureMidWriteLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Map<String, RawTensor> original = Map.of("old", RawTensor.ofFloats(new int[] {1}, new float[] {1}));
        SafeTensors.write(file, original, Map.of());
        byte[] before = Files.readAllBytes(file);
        // Fails after the header is written, while the tensor bytes are being written.
        Map<String, RawTensor> failing = new LinkedHashMap<>(Map.of("x", RawTensor.ofFloats(new int[] {1}, new float[1]))) {
            @Override
            public Collection<RawTensor> values() {
                throw new IllegalStateException("simulated failure");
            }
        };

        assertThrows(IllegalStateException.class, () -> SafeTensors.write(file, failing, Map.of()));

        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the temporary file is removed");
        }
    }

    // ---- half-precision decoding ------------------------------------------------------------

    @Test
    void float16DecodesKnownValues() {
        float[] decoded = halves("F16", 0x3C00, 0xC100, 0x7BFF, 0x0001, 0x03FF, 0x8000, 0x7C00, 0xFC00, 0x7E00).toFloats();
        float[] expected = {1f, -2.5f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, -0f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN};
        assertArrayEquals(expected, decoded);
    }

    @Test
    void bfloat16DecodesKnownValues() {
        float[] decoded = halves("BF16", 0x3F80, 0xC020, 0x7F7F, 0x0001, 0x8000, 0x7F80, 0xFF80, 0x7FC0).toFloats();
        float[] expected = {1f, -2.5f, 0x1.FEp127f, 0x1p-133f, -0f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN};
        assertArrayEquals(expected, decoded);
        assertArrayEquals(new double[] {1, -2.5}, halves("BF16", 0x3F80, 0xC020).toDoubles());
    }

    // ---- a file written by Python -----------------------------------------------------------

    @Test
    void readsAFileWrittenByPython() throws IOException {
        SafeTensorsFile file;
        try (InputStream in = getClass().getResourceAsStream("/safetensors/python_written.safetensors")) {
            file = SafeTensors.read(in, "python_written.safetensors");
        }
        assertEquals(Map.of("format", "pt", "source", "python"), file.metadata());
        assertEquals(List.of("f32", "f64", "f16", "bf16", "i64", "i32", "i16", "i8", "u8", "bool", "scalar", "empty"),
                List.copyOf(file.tensors().keySet()));

        RawTensor f32 = file.tensor("f32");
        assertArrayEquals(new int[] {2, 3}, f32.shape());
        assertArrayEquals(new float[] {1f, -2.5f, 3.25f, 0f, 1e-3f, -7f}, f32.toFloats());
        assertArrayEquals(new double[] {Math.PI, -1e300}, file.tensor("f64").toDoubles());
        assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN}, file.tensor("f16").toFloats());
        assertArrayEquals(new float[] {1f, -2.5f, 0x1p100f, 0x1p-133f, Float.POSITIVE_INFINITY, Float.NaN},
                file.tensor("bf16").toFloats());
        assertArrayEquals(new long[] {-(1L << 62), 0, (1L << 40) + 1}, file.tensor("i64").toLongs());
        assertArrayEquals(new int[] {2, 1}, file.tensor("i32").shape());
        assertArrayEquals(new long[] {-5, 7}, file.tensor("i32").toLongs());
        assertArrayEquals(new long[] {-32768, 32767}, file.tensor("i16").toLongs());
        assertArrayEquals(new long[] {-128, 127}, file.tensor("i8").toLongs());
        assertArrayEquals(new long[] {0, 200, 255}, file.tensor("u8").toLongs());
        assertArrayEquals(new boolean[] {false, true, true}, file.tensor("u8").toBooleans());
        assertArrayEquals(new boolean[] {true, false, true}, file.tensor("bool").toBooleans());
        assertArrayEquals(new int[] {}, file.tensor("scalar").shape());
        assertArrayEquals(new float[] {42f}, file.tensor("scalar").toFloats());
        assertArrayEquals(new int[] {0, 3}, file.tensor("empty").shape());
        assertEquals(0, file.tensor("empty").toFloats().length);
    }

    // ---- hostile and corrupt files ----------------------------------------------------------

    static Stream<Arguments> corruptHeaders() {
        String f32x2 = "\"dtype\":\"F32\",\"shape\":[2]";
        return Stream.of(
                Arguments.of("{\"a\":", 0, "not valid JSON"),
                Arguments.of("{\"a\":{}} trailing", 0, "not valid JSON"),
                Arguments.of("[]", 0, "not a JSON object"),
                Arguments.of("{\"a\":1,\"a\":2}", 0, "duplicate key"),
                Arguments.of("[".repeat(100_000), 0, "nesting deeper"),
                Arguments.of("{\"a\":[1]}", 0, "tensor 'a' is not a JSON object"),
                Arguments.of("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'a': missing field 'dtype'"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, "tensor 'a': missing field 'shape'"),
                Arguments.of("{\"a\":{" + f32x2 + "}}", 8, "tensor 'a': missing field 'data_offsets'"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[0,8],\"extra\":1}}", 8, "unknown field 'extra'"),
                Arguments.of("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2,
                        "field 'dtype' has unsupported value 'F8_E4M3'"),
                Arguments.of("{\"a\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "field 'dtype' is not a string"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8,
                        "field 'shape' [-2] has a negative dimension"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,8]}}", 8,
                        "field 'shape' [4294967296] has a dimension above 2^31 - 1"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", 8,
                        "field 'shape' is not an array of integers"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", 8,
                        "field 'shape' holds a non-integer"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[0]}}", 8, "field 'data_offsets' is not an array of 2 integers"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[0,16]}}", 8, "field 'data_offsets' [0, 16] is not a range within the 8-byte buffer"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[8,0]}}", 8, "field 'data_offsets' [8, 0] is not a range"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[-8,0]}}", 8, "field 'data_offsets' [-8, 0] is not a range"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[0,4]}}", 4, "spans 4 bytes but shape [2] of F32 needs 8"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}",
                        8, "field 'shape' [2147483647, 2147483647, 2147483647] is too large"),
                Arguments.of("{\"a\":{\"dtype\":\"U8\",\"shape\":[2147483647],\"data_offsets\":[0,2147483647]}}", 8,
                        "not a range within the 8-byte buffer"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[0,8]},\"b\":{" + f32x2 + ",\"data_offsets\":[4,12]}}", 12,
                        "tensor 'b': field 'data_offsets' [4, 12] overlaps tensor 'a' [0, 8]"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[4,12]}}", 12, "leaves a gap"),
                Arguments.of("{\"a\":{" + f32x2 + ",\"data_offsets\":[0,8]}}", 9, "the buffer has 9 bytes but the tensors cover only 8"),
                Arguments.of("{\"__metadata__\":[]}", 0, "field '__metadata__' is not a JSON object"),
                Arguments.of("{\"__metadata__\":{\"k\":1}}", 0, "field '__metadata__.k' is not a string"));
    }

    @ParameterizedTest
    @MethodSource("corruptHeaders")
    void corruptHeadersAreRejectedNamingTheFileAndField(String header, int bufferLength, String expected) {
        byte[] file = file(header.getBytes(StandardCharsets.UTF_8), bufferLength);
        assertRejected(file, expected);
    }

    @Test
    void headerThatIsNotUtf8IsRejected() {
        assertRejected(file(new byte[] {'{', '"', (byte) 0xC3, '"', '}'}, 0), "not valid UTF-8");
    }

    @Test
    void fileShorterThanTheLengthFieldIsRejected() {
        assertRejected(new byte[5], "only 5 bytes");
    }

    @Test
    void headerLengthBeyondTheFileIsRejected() {
        assertRejected(withHeaderLength(1000, 16), "header length 1000 is larger than the rest of the file (16 bytes)");
    }

    @Test
    void headerLengthBeyondTheLimitIsRejectedWithoutAllocating() {
        assertRejected(withHeaderLength(200_000_000L, 16), "header length 200000000 exceeds the limit");
        assertRejected(withHeaderLength(-1L, 16), "header length 18446744073709551615 exceeds the limit");
    }

    @Test
    void corruptFilesOnDiskAreRejectedWithTheirPath() throws IOException {
        Path file = dir.resolve("corrupt.safetensors");
        Files.write(file, withHeaderLength(1000, 16));
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": header length 1000"), e.getMessage());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static void assertRejected(byte[] file, String expected) {
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file, NAME));
        assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
    }

    /** A file with this header and a zero-filled buffer. */
    private static byte[] file(byte[] header, int bufferLength) {
        return ByteBuffer.allocate(8 + header.length + bufferLength).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array();
    }

    /** A file whose length field says {@code headerLength} but which has only {@code rest} more bytes. */
    private static byte[] withHeaderLength(long headerLength, int rest) {
        return ByteBuffer.allocate(8 + rest).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array();
    }

    private static byte[] toBytes(Map<String, RawTensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SafeTensors.write(out, tensors, metadata);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static RawTensor halves(String dtype, int... bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : bits) {
            b.putShort((short) v);
        }
        return new RawTensor(dtype, new int[] {bits.length}, b.array());
    }

    /** Random bytes of the right size; BOOL gets 0 and 1 only. */
    private static RawTensor randomTensor(String dtype, int[] shape, long seed) {
        byte[] data = new byte[(int) RawTensor.byteCount(shape, ElementType.byName(dtype))];
        Random random = new Random(seed);
        random.nextBytes(data);
        if (dtype.equals("BOOL")) {
            for (int i = 0; i < data.length; i++) {
                data[i] &= 1;
            }
        }
        return new RawTensor(dtype, shape, data);
    }
}
