package dev.claritas.nn.optim;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The part of an optimizer's or scheduler's state dict under one key prefix ({@code state.3.},
 * {@code param_groups.0.}), with the encoders that write its values and readers whose errors name
 * the full key. Numbers are float64 scalars, counters int64 scalars and flags bool scalars, so a
 * state dict is plain tensors that a safetensors file keeps bit for bit.
 */
final class StateSection {
    private final String prefix;
    private final Map<String, Tensor> entries;

    StateSection(String prefix, Map<String, Tensor> entries) {
        this.prefix = prefix;
        this.entries = entries;
    }

    // ---- encoders ---------------------------------------------------------------------------------

    static Tensor number(double value) {
        return Tensor.scalar(value, DType.FLOAT64, Device.CPU);
    }

    static Tensor numbers(double... values) {
        return Tensor.of(values, values.length);
    }

    static Tensor count(long value) {
        return Tensor.of(new long[] {value});
    }

    static Tensor flag(boolean value) {
        return Tensor.of(new boolean[] {value});
    }

    /** Adds {@code entries} to {@code out} under {@code prefix}. */
    static void putAll(Map<String, Tensor> out, String prefix, Map<String, Tensor> entries) {
        entries.forEach((k, v) -> out.put(prefix + k, v));
    }

    // ---- readers ----------------------------------------------------------------------------------

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries by their keys under the prefix, except {@code excluded}; all of them with none excluded. */
    Map<String, Tensor> entriesExcept(String... excluded) {
        Map<String, Tensor> out = new LinkedHashMap<>(entries);
        out.keySet().removeAll(Set.of(excluded));
        return out;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Refuses keys other than {@code allowed}: a state dict of another optimizer or configuration. */
    StateSection allowOnly(Set<String> allowed) {
        for (String key : entries.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unexpected state dict entry '" + prefix + key + "' (expected "
                        + allowed.stream().sorted().map(k -> prefix + k).toList() + ")");
            }
        }
        return this;
    }

    Tensor tensor(String key) {
        Tensor t = entries.get(key);
        if (t == null) {
            throw new IllegalArgumentException("state dict has no entry '" + prefix + key + "'");
        }
        return t;
    }

    double number(String key) {
        return scalar(key).item();
    }

    long count(String key) {
        Tensor t = scalar(key);
        if (t.dtype() != DType.INT64) {
            throw new IllegalArgumentException("state dict entry '" + prefix + key + "' must be int64, not " + t.dtype());
        }
        return t.toLongArray()[0];
    }

    /** A counter that fits an int and is not negative. */
    int smallCount(String key) {
        long n = count(key);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("state dict entry '" + prefix + key + "' is out of range: " + n);
        }
        return (int) n;
    }

    boolean flag(String key) {
        Tensor t = scalar(key);
        if (t.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("state dict entry '" + prefix + key + "' must be bool, not " + t.dtype());
        }
        return t.toBooleanArray()[0];
    }

    double[] numbers(String key, int length) {
        Tensor t = tensor(key);
        if (t.rank() != 1 || t.size(0) != length) {
            throw new IllegalArgumentException("state dict entry '" + prefix + key + "' must hold " + length
                    + " values, but has shape " + t.shape());
        }
        return t.toDoubleArray();
    }

    long[] counts(String key) {
        Tensor t = tensor(key);
        if (t.rank() != 1 || t.dtype() != DType.INT64) {
            throw new IllegalArgumentException("state dict entry '" + prefix + key + "' must be a 1-D int64 tensor, not "
                    + t.dtype() + t.shape());
        }
        return t.toLongArray();
    }

    /** A copy of the entry with {@code like}'s shape (checked), dtype and device. */
    Tensor like(String key, Tensor like) {
        Tensor t = tensor(key);
        if (!t.shape().equals(like.shape())) {
            throw new IllegalArgumentException("state dict entry '" + prefix + key + "' has shape " + t.shape()
                    + " but its parameter has shape " + like.shape());
        }
        return t.to(like.dtype()).to(like.device()).copy();
    }

    /**
     * The entries named {@code name.<i>.<rest>}, by index {@code i} in {@code [0, count)}, each as a
     * section of its {@code rest} keys. Keys outside {@code name.} are ignored (see {@link #outside}).
     */
    Map<Integer, StateSection> indexed(String name, int count) {
        Map<Integer, Map<String, Tensor>> byIndex = new TreeMap<>();
        String head = name + ".";
        entries.forEach((key, value) -> {
            if (!key.startsWith(head)) {
                return;
            }
            int dot = key.indexOf('.', head.length());
            int index = dot < 0 ? -1 : parseIndex(key.substring(head.length(), dot));
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException("state dict entry '" + prefix + key + "' does not name one of "
                        + count + " " + name + " entries as " + prefix + head + "<index>.<key>");
            }
            byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        Map<Integer, StateSection> out = new TreeMap<>();
        byIndex.forEach((i, m) -> out.put(i, new StateSection(prefix + head + i + ".", m)));
        return out;
    }

    /** The entries that are not under any of {@code names} (as {@code name.<rest>}). */
    StateSection outside(String... names) {
        Map<String, Tensor> out = new LinkedHashMap<>(entries);
        out.keySet().removeIf(key -> Arrays.stream(names).anyMatch(name -> key.startsWith(name + ".")));
        return new StateSection(prefix, out);
    }

    private Tensor scalar(String key) {
        Tensor t = tensor(key);
        if (t.numel() != 1) {
            throw new IllegalArgumentException("state dict entry '" + prefix + key + "' must be a single value, but has shape "
                    + t.shape());
        }
        return t;
    }

    private static int parseIndex(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }
}
