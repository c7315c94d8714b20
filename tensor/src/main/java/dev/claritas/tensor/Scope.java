package dev.claritas.tensor;

import dev.claritas.tensor.spi.Storage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Deterministic release of tensor memory: every tensor an op creates on this thread while a scope
 * is open is released when the scope closes, except those {@link #keep kept}, which pass to the
 * enclosing scope (or to the garbage collector when there is none). Released memory goes back to
 * its backend's pool (device memory, and host arrays of 16 KiB and more), where the next tensor of
 * the same size finds it: a training step run in a scope reuses the previous step's memory.
 *
 * <pre>{@code
 * for (Batch b : batches) {
 *     try (Scope scope = Scope.open()) {
 *         Tensor loss = lossFn.forward(model.forward(b.input()), b.target());
 *         optimizer.zeroGrad();
 *         loss.backward();              // gradients of leaves outlive the scope by themselves
 *         losses.add(loss.item());
 *     }
 *     optimizer.step();                 // outside: the optimizer's state must outlive the step
 * }
 * }</pre>
 *
 * Gradients accumulated into leaf tensors, and tensors set as a module's parameters or buffers, are
 * kept automatically ({@link #escape}). Anything else made inside the scope that must live on —
 * optimizer state, a result — is made outside it or passed to {@link #keep}. A released tensor
 * cannot be used again: reading or writing it throws. Tensors made from Java arrays
 * ({@code Tensor.of}) are not owned by any scope.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Scope parent;
    private final Set<Storage> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private Scope(Scope parent) {
        this.parent = parent;
    }

    /** Opens a scope on this thread, nested in the current one if any. */
    public static Scope open() {
        Scope s = new Scope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** Hands {@code tensor}'s memory to the enclosing scope (or to the garbage collector); returns it. */
    public Tensor keep(Tensor tensor) {
        keep(tensor.storage());
        return tensor;
    }

    private void keep(Storage s) {
        if (owned.remove(s) && parent != null) {
            parent.owned.add(s);
        }
    }

    /** Releases the memory of every tensor created in this scope and not kept. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (CURRENT.get() != this) {
            throw new IllegalStateException("scopes must be closed in the reverse order of opening");
        }
        CURRENT.set(parent);
        List<Storage> release = new ArrayList<>(owned);
        owned.clear();
        for (Storage s : release) {
            s.close();
        }
    }

    /** Called for every storage an op makes: it belongs to the innermost open scope. */
    static void register(Storage s) {
        Scope scope = CURRENT.get();
        if (scope != null) {
            scope.owned.add(s);
        }
    }

    /** Whether this scope owns {@code s}. */
    boolean owns(Storage s) {
        return owned.contains(s);
    }

    /** Releases, now, every storage this scope owns except those in {@code live}. */
    void releaseAllBut(Set<Storage> live) {
        for (var it = owned.iterator(); it.hasNext(); ) {
            Storage s = it.next();
            if (!live.contains(s)) {
                it.remove();
                s.close();
            }
        }
    }

    /** Closes this scope without releasing anything: what it owns passes to the enclosing scope. */
    void closeKeepingAll() {
        for (Storage s : List.copyOf(owned)) {
            keep(s);
        }
        close();
    }

    /**
     * Takes {@code t}'s memory out of every open scope, and returns {@code t}: it lives until closed
     * or collected. Module parameters and buffers do this when they are set (BatchNorm replaces its
     * running statistics inside the training step), as do leaf gradients when they are accumulated
     * and optimizers' state.
     */
    public static Tensor escape(Tensor t) {
        Storage s = t.storage();
        for (Scope scope = CURRENT.get(); scope != null; scope = scope.parent) {
            scope.owned.remove(s);
        }
        return t;
    }
}
