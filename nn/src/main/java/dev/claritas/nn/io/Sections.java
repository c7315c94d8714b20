package dev.claritas.nn.io;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entries of a checkpoint file, taken out section by section (by key prefix) so that what is
 * left at the end, keys no section claimed, can be refused. Errors name the file and the key.
 */
final class Sections {
    private final String file;
    private final Map<String, Tensor> entries;

    Sections(String file, Map<String, Tensor> entries) {
        this.file = file;
        this.entries = new LinkedHashMap<>(entries);
    }

    String file() {
        return file;
    }

    /** Removes the entries under {@code prefix} and returns them keyed without it, in file order. */
    Map<String, Tensor> take(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        entries.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), value);
            }
        });
        entries.keySet().removeIf(key -> key.startsWith(prefix));
        return out;
    }

    /** Removes and returns an int64 scalar entry. */
    long count(String key) {
        Tensor t = entries.remove(key);
        if (t == null) {
            throw new IllegalArgumentException(file + ": has no entry '" + key + "'");
        }
        if (t.dtype() != DType.INT64 || t.numel() != 1) {
            throw new IllegalArgumentException(file + ": entry '" + key + "' must be one int64 value, not "
                    + t.dtype() + " of shape " + t.shape());
        }
        return t.toLongArray()[0];
    }

    /** Refuses the entries no section took. */
    void requireEmpty() {
        if (!entries.isEmpty()) {
            throw new IllegalArgumentException(file + ": unexpected entries " + entries.keySet()
                    + " (a checkpoint holds model.*, optimizer.*, scheduler.*, rng.* and step)");
        }
    }

    /** Adds {@code entries} to {@code out} under {@code prefix}. */
    static void putAll(Map<String, Tensor> out, String prefix, Map<String, Tensor> entries) {
        entries.forEach((key, value) -> out.put(prefix + key, value));
    }

    /** An int64 scalar. */
    static Tensor int64(long value) {
        return Tensor.of(new long[] {value});
    }
}
