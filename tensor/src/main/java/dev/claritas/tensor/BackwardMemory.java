package dev.claritas.tensor;

import dev.claritas.autograd.Engine;
import dev.claritas.tensor.spi.Storage;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Releases the memory a backward pass allocates as soon as nothing can read it again, as PyTorch's
 * reference counting does: a node's gradient once the node has run, and whatever the node's rule
 * made on the way. Backward runs without grad mode, so a rule's results are either gradients it
 * returns, which the engine holds until their nodes run, or dead when the rule returns; leaf
 * gradients escape (a leaf's first gradient is the one it receives when nothing else can read that
 * one, {@link #canHandOver}; otherwise gradients are summed into copies). What this pass made is
 * therefore live exactly while some gradient the engine holds shares its storage; everything else
 * goes back to the backend's pool after each node, for the next node's tensors of the same size.
 *
 * <p>Only storage made during this pass is released: the seed gradient and tensors saved by the
 * forward pass belong to the caller. What is left at the end passes to the enclosing scope.
 */
final class BackwardMemory implements Engine.Listener<Tensor>, AutoCloseable {
    /** The pass running on this thread, for the leaves its gradients reach. */
    private static final ThreadLocal<BackwardMemory> ACTIVE = new ThreadLocal<>();

    private final BackwardMemory enclosing = ACTIVE.get();
    private final Scope made = Scope.open();
    /** For each storage held by the engine, how many of its gradients share it. */
    private final Map<Storage, Integer> held = new IdentityHashMap<>();

    BackwardMemory() {
        ACTIVE.set(this);
    }

    /**
     * Whether a leaf may keep {@code grad} itself as its gradient rather than a copy, as PyTorch's
     * AccumulateGrad takes a gradient nothing else refers to: the pass running on this thread made
     * its storage, no other gradient the engine holds shares it, and grad covers all of it
     * densely (row-major or channels-last; the leaf keeps it if that is the leaf's own layout). The
     * seed, tensors saved by the forward pass, and views of a gradient something else still reads
     * are copied.
     */
    static boolean canHandOver(Tensor grad) {
        BackwardMemory pass = ACTIVE.get();
        Storage s = grad.storage();
        return pass != null && pass.made.owns(s) && pass.held.getOrDefault(s, 0) == 1
                && (grad.isContiguous() || ChannelsLast.suggested(grad)) && grad.offset() == 0 && grad.numel() == s.size();
    }

    /** Sums two gradients for one input; the engine holds the sum instead of the two. */
    Tensor add(Tensor a, Tensor b) {
        Tensor sum = a.add(b);
        hold(sum);
        drop(a);
        drop(b);
        return sum;
    }

    @Override
    public void nodeRan(Tensor grad, List<Tensor> inputGrads) {
        for (Tensor g : inputGrads) {
            if (g != null) {
                hold(g);
            }
        }
        drop(grad);
        made.releaseAllBut(held.keySet());
    }

    private void hold(Tensor g) {
        held.merge(g.storage(), 1, Integer::sum);
    }

    private void drop(Tensor g) {
        held.computeIfPresent(g.storage(), (s, n) -> n == 1 ? null : n - 1);
    }

    @Override
    public void close() {
        ACTIVE.set(enclosing);
        made.closeKeepingAll();
    }
}
