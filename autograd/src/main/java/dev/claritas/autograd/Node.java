package dev.claritas.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One step of a computation graph, seen backwards: given the gradient of the loss with respect to
 * this step's output, it returns the gradients with respect to each of its inputs.
 *
 * <p>The engine knows nothing about what a gradient is: {@code G} is whatever the caller
 * differentiates (the tensor module uses its {@code Tensor}). Inputs that need no gradient are
 * recorded as {@code null} and receive nothing.
 *
 * @param <G> the gradient type
 */
public abstract class Node<G> {
    private final String name;
    private final List<Node<G>> inputs;
    private final List<SavedVersion> saved = new ArrayList<>();

    /**
     * @param name   the op's name, used in error messages
     * @param inputs the nodes producing this node's inputs, in order; {@code null} for an input that
     *               needs no gradient
     */
    protected Node(String name, List<Node<G>> inputs) {
        this.name = name;
        this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
    }

    /** The op's name, e.g. {@code "conv2d"}. */
    public String name() {
        return name;
    }

    /** The producers of this node's inputs, {@code null} where an input needs no gradient. */
    public List<Node<G>> inputs() {
        return inputs;
    }

    /**
     * Remembers that a value saved for the backward pass had version {@code counter.version()} now,
     * so that the engine can refuse to differentiate through it once it was modified in place.
     */
    public void saveVersion(VersionCounter counter) {
        saved.add(new SavedVersion(counter, counter.version()));
    }

    /**
     * Computes the gradients with respect to this node's inputs.
     *
     * @param gradOutput the gradient with respect to this node's output
     * @return one gradient per input (same order as {@link #inputs()}); entries may be {@code null}
     *     where an input needs no gradient
     */
    protected abstract List<G> backward(G gradOutput);

    /** Drops whatever this node saved for the backward pass; called once it is no longer needed. */
    protected void releaseSaved() {}

    final void checkSavedVersions() {
        for (SavedVersion s : saved) {
            s.check(name);
        }
    }

    @Override
    public String toString() {
        return name + "Backward";
    }
}
