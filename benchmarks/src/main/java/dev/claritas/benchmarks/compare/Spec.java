package dev.claritas.benchmarks.compare;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a worker should run, as one line both Java and Python parse: a kind and {@code key=value}
 * words, e.g. {@code gemm shape=1024x1024x1024} or {@code train model=unet n=1 size=320}.
 *
 * <p>Kinds and keys: {@code gemm shape}; {@code conv layer n pass=fwd|fwdbwd}; {@code resample
 * op=max|avg|nearest|bilinear c size n pass}; {@code fft2c shape}; {@code train model=unet|dncnn n
 * size}. Peers add their variant: {@code impl=claritas|jtransforms} for the Java worker,
 * {@code layout=nchw|cl} (channels-last) for PyTorch.
 */
record Spec(String kind, Map<String, String> params) {
    Spec {
        params = Collections.unmodifiableMap(new TreeMap<>(params)); // sorted, so a spec always reads the same
    }

    /** A spec of a kind and alternating keys and values. */
    static Spec of(String kind, String... keysAndValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Spec(kind, p);
    }

    /** Parses the words of a protocol line. */
    static Spec parse(String[] words, int from) {
        if (words.length <= from) {
            throw new IllegalArgumentException("missing benchmark spec");
        }
        Map<String, String> p = new HashMap<>();
        for (int i = from + 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("spec word '" + words[i] + "' is not key=value");
            }
            p.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return new Spec(words[from], p);
    }

    /** This spec with one more (or a replaced) parameter. */
    Spec with(String key, String value) {
        Map<String, String> p = new HashMap<>(params);
        p.put(key, value);
        return new Spec(kind, p);
    }

    String get(String key) {
        String value = params.get(key);
        if (value == null) {
            throw new IllegalArgumentException("spec '" + this + "' has no " + key + "=");
        }
        return value;
    }

    String get(String key, String orElse) {
        return params.getOrDefault(key, orElse);
    }

    int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind);
        params.forEach((key, value) -> s.append(' ').append(key).append('=').append(value));
        return s.toString();
    }
}
