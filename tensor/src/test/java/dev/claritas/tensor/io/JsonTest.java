package dev.claritas.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object value = Json.parse(" {\"a\": [1, -2, 0.5, -1e3, true, false, null], \"b\": {}, \"c\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2L, 0.5, -1000.0, true, false, null));
        expected.put("b", Map.of());
        expected.put("c", "x\"\\/\b\f\n\r\té");
        assertEquals(expected, value);
        assertEquals(List.of("a", "b", "c"), List.copyOf(((Map<?, ?>) value).keySet()), "key order is kept");
        assertNull(Json.parse("null"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
    }

    @Test
    void writesWhatItParses() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("list", Arrays.asList(1L, 2.5, "s\u0001\n\"", true, null, List.of()));
        value.put("map", Map.of("k", 3L));
        String text = Json.write(value);
        assertEquals("{\"list\":[1,2.5,\"s\\u0001\\n\\\"\",true,null,[]],\"map\":{\"k\":3}}", text);
        assertEquals(value, Json.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "01", "1.", ".5", "-", "1e", "+1", "[1,]", "{\"a\":1,}", "{a:1}", "'a'",
        "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "\"tab\tinside\"", "tru", "nul", "[1 2]",
        "{\"a\" 1}", "1 2", "9223372036854775808", "NaN", "{\"a\":1,\"a\":1}"})
    void rejectsInvalidDocuments(String text) {
        assertThrows(Json.JsonException.class, () -> Json.parse(text));
    }

    @Test
    void rejectsDeepNestingInsteadOfOverflowingTheStack() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok);
        assertThrows(Json.JsonException.class, () -> Json.parse("[" + ok + "]"));
    }

    @Test
    void refusesToWriteWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
