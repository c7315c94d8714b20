package dev.claritas.nn;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An indexed list of modules, PyTorch's {@code nn.ModuleList}: it registers its modules as children
 * "0", "1", ..., so their parameters get PyTorch's state-dict keys ({@code blocks.0.weight}), but
 * it has no forward of its own: the owning module decides how to apply them.
 */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> modules = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** Adds a module at the end, named by its index; returns this. */
    public ModuleList append(Module module) {
        registerModule(Integer.toString(modules.size()), module);
        modules.add(module);
        return this;
    }

    public Module get(int index) {
        return modules.get(index);
    }

    public int size() {
        return modules.size();
    }

    @Override
    public Iterator<Module> iterator() {
        return Collections.unmodifiableList(modules).iterator();
    }

    /** Refused, as in PyTorch: a list of modules does not say how to combine them. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleList has no forward: apply its modules from the owning module");
    }
}
