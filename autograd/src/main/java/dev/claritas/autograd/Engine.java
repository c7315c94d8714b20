package dev.claritas.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The backward pass: runs every node reachable from a root once, after all the nodes that feed it a
 * gradient have run (dependency counting over the reachable graph), summing the gradients that
 * reach a node along several paths.
 */
public final class Engine {
    private Engine() {}

    /**
     * Propagates {@code seed}, the gradient of the loss with respect to {@code root}'s output,
     * through the graph.
     *
     * @param add        how two gradients for the same value are summed
     * @param retainGraph keep what nodes saved, so backward can run through them again
     */
    public static <G> void backward(Node<G> root, G seed, BinaryOperator<G> add, boolean retainGraph) {
        backward(root, seed, add, retainGraph, (grad, inputGrads) -> {});
    }

    /** What the engine reports as gradients flow, so that their memory can be reused early. */
    @FunctionalInterface
    public interface Listener<G> {
        /**
         * A node has run: it has read {@code grad}, which the engine now forgets, and produced
         * {@code inputGrads} (entries {@code null} where an input gets none), which the engine
         * holds, summed by {@code add} with others for the same input, until their nodes run.
         */
        void nodeRan(G grad, List<G> inputGrads);
    }

    /** As {@link #backward(Node, Object, BinaryOperator, boolean)}, reporting each node run to {@code listener}. */
    public static <G> void backward(Node<G> root, G seed, BinaryOperator<G> add, boolean retainGraph,
                                    Listener<G> listener) {
        Map<Node<G>, Integer> pending = countDependencies(root);
        Map<Node<G>, G> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        ArrayDeque<Node<G>> ready = new ArrayDeque<>();
        ready.add(root);
        while (!ready.isEmpty()) {
            Node<G> node = ready.poll();
            G grad = grads.remove(node);
            node.checkSavedVersions();
            List<G> inputGrads = node.backward(grad);
            if (!retainGraph) {
                node.releaseSaved();
            }
            List<Node<G>> inputs = node.inputs();
            if (inputGrads.size() != inputs.size()) {
                throw new IllegalStateException(node + " returned " + inputGrads.size()
                        + " gradients for " + inputs.size() + " inputs");
            }
            listener.nodeRan(grad, inputGrads);
            for (int i = 0; i < inputs.size(); i++) {
                Node<G> input = inputs.get(i);
                if (input == null) {
                    continue;
                }
                G g = inputGrads.get(i);
                if (g != null) {
                    grads.merge(input, g, add);
                }
                if (pending.merge(input, -1, Integer::sum) == 0) {
                    if (grads.containsKey(input)) {
                        ready.add(input);
                    } else {
                        // nothing flowed into it: its own inputs still wait on it, so release them
                        skip(input, pending, grads, ready, retainGraph);
                    }
                }
            }
        }
    }

    /** Skips a node that received no gradient (and, transitively, inputs that then get none either). */
    private static <G> void skip(Node<G> node, Map<Node<G>, Integer> pending, Map<Node<G>, G> grads,
                                 ArrayDeque<Node<G>> ready, boolean retainGraph) {
        ArrayDeque<Node<G>> stack = new ArrayDeque<>();
        stack.push(node);
        while (!stack.isEmpty()) {
            Node<G> skipped = stack.pop();
            if (!retainGraph) {
                skipped.releaseSaved();
            }
            for (Node<G> input : skipped.inputs()) {
                if (input != null && pending.merge(input, -1, Integer::sum) == 0) {
                    if (grads.containsKey(input)) {
                        ready.add(input);
                    } else {
                        stack.push(input);
                    }
                }
            }
        }
    }

    /** For each reachable node, how many edges from reachable nodes point at it. */
    private static <G> Map<Node<G>, Integer> countDependencies(Node<G> root) {
        Map<Node<G>, Integer> count = new IdentityHashMap<>();
        count.put(root, 0);
        List<Node<G>> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Node<G> node = stack.removeLast();
            for (Node<G> input : node.inputs()) {
                if (input == null) {
                    continue;
                }
                if (count.containsKey(input)) {
                    count.merge(input, 1, Integer::sum);
                } else {
                    count.put(input, 1);
                    stack.add(input);
                }
            }
        }
        return count;
    }
}
