package dev.claritas.tensor.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The contents of a safetensors file: named tensors and the string metadata of the header's
 * {@code __metadata__} entry. Both maps keep the order of the file and cannot be modified.
 *
 * @param tensors  tensors by name, in file order
 * @param metadata the {@code __metadata__} entries; empty if the file has none
 */
public record SafeTensorsFile(Map<String, RawTensor> tensors, Map<String, String> metadata) {

    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws NoSuchElementException if there is none, listing the names there are
     */
    public RawTensor tensor(String name) {
        RawTensor t = tensors.get(name);
        if (t == null) {
            throw new NoSuchElementException("no tensor '" + name + "'; the file has " + tensors.keySet());
        }
        return t;
    }
}
