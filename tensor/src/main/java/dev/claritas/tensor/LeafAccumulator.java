package dev.claritas.tensor;

import dev.claritas.autograd.Node;
import java.util.List;

/** The end of every backward path: adds the incoming gradient into a leaf tensor's {@code grad}. */
final class LeafAccumulator extends Node<Tensor> {
    private final Tensor leaf;

    LeafAccumulator(Tensor leaf) {
        super("accumulate_grad", List.of());
        this.leaf = leaf;
    }

    @Override
    protected List<Tensor> backward(Tensor grad) {
        leaf.accumulateGrad(grad);
        return List.of();
    }
}
