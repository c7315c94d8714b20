package dev.claritas.nn;

import dev.claritas.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Modules by name, in insertion order, PyTorch's {@code nn.ModuleDict}: each is a child under its
 * key, so its parameters get PyTorch's state-dict keys ({@code heads.mri.weight}). Like
 * {@link ModuleList}, it has no forward of its own. Unlike PyTorch, a key cannot be reassigned.
 */
public class ModuleDict extends Module {
    private final Map<String, Module> modules = new LinkedHashMap<>();

    public ModuleDict() {}

    /** The entries of {@code modules}, in its iteration order. */
    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    /** Adds {@code module} under {@code key} (non-empty, without dots, not yet used); returns this. */
    public ModuleDict put(String key, Module module) {
        registerModule(key, module);
        modules.put(key, module);
        return this;
    }

    /** The module under {@code key}. */
    public Module get(String key) {
        Module m = modules.get(key);
        if (m == null) {
            throw new NoSuchElementException("ModuleDict has no key '" + key + "'; it has " + modules.keySet());
        }
        return m;
    }

    public boolean containsKey(String key) {
        return modules.containsKey(key);
    }

    /** The keys, in insertion order. */
    public Set<String> keySet() {
        return Collections.unmodifiableSet(modules.keySet());
    }

    public int size() {
        return modules.size();
    }

    /** Refused, as in PyTorch: a dictionary of modules does not say how to combine them. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleDict has no forward: apply its modules from the owning module");
    }
}
