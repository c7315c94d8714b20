package dev.claritas.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine on its own, with plain {@code Double} gradients: each toy node multiplies the incoming
 * gradient by a fixed local derivative per input, and records what it received and when it ran.
 */
class EngineTest {

    /** Every node that ran, in the order it ran (shared by the nodes of one test). */
    private final List<String> runOrder = new ArrayList<>();

    /** A node whose gradient for input i is {@code gradOutput * derivatives[i]}, or null where it is null. */
    private final class Toy extends Node<Double> {
        private final Function<Double, List<Double>> rule;
        final List<Double> received = new ArrayList<>();
        int released;

        Toy(String name, List<Node<Double>> inputs, Function<Double, List<Double>> rule) {
            super(name, inputs);
            this.rule = rule;
        }

        @Override
        protected List<Double> backward(Double gradOutput) {
            runOrder.add(name());
            received.add(gradOutput);
            return rule.apply(gradOutput);
        }

        @Override
        protected void releaseSaved() {
            released++;
        }
    }

    private Toy leaf(String name) {
        return new Toy(name, List.of(), g -> List.of());
    }

    /** A node scaling the gradient by {@code derivatives[i]} for input i. */
    private Toy scale(String name, List<Node<Double>> inputs, double... derivatives) {
        return new Toy(name, inputs, g -> Arrays.stream(derivatives).mapToObj(d -> g * d).toList());
    }

    private static void backward(Node<Double> root, double seed, boolean retainGraph) {
        Engine.backward(root, seed, Double::sum, retainGraph);
    }

    @AfterEach
    void gradModeIsBackOn() {
        // a test that leaked a disabled scope would break the ones after it on this thread
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void diamondAccumulatesBothPathsIntoTheSharedInput() {
        // loss = a(x) + b(x) with da/dx = 2 and db/dx = 3: x must receive 2 + 3 = 5, in one call
        Toy x = leaf("x");
        Toy a = scale("a", List.of(x), 2);
        Toy b = scale("b", List.of(x), 3);
        Toy join = scale("join", List.of(a, b), 1, 1);

        backward(join, 1.0, false);

        assertEquals(List.of(5.0), x.received);
        assertEquals(List.of(1.0), a.received);
        assertEquals(List.of(1.0), b.received);
    }

    @Test
    void eachNodeRunsOnceAndAfterEveryNodeThatFeedsIt() {
        // root -> {p, y}, p -> y, y -> x: y is reachable along a short and a long path, and must wait
        // for p (the long path) even though root already gave it a gradient
        Toy x = leaf("x");
        Toy y = scale("y", List.of(x), 2);
        Toy p = scale("p", List.of(y), 5);
        Toy root = scale("root", List.of(p, y), 1, 10);

        backward(root, 1.0, false);

        assertEquals(List.of("root", "p", "y", "x"), runOrder);
        assertEquals(List.of(15.0), y.received);
        assertEquals(List.of(30.0), x.received);
    }

    @Test
    void theSeedIsTheRootsGradient() {
        Toy x = leaf("x");
        Toy root = scale("root", List.of(x), 4);

        backward(root, 0.5, false);

        assertEquals(List.of(0.5), root.received);
        assertEquals(List.of(2.0), x.received);
    }

    @Test
    void inputsRecordedAsNullGetNothing() {
        // an input that needs no gradient is a null edge: its gradient (here null) goes nowhere
        Toy x = leaf("x");
        List<Node<Double>> inputs = new ArrayList<>();
        inputs.add(null);
        inputs.add(x);
        Toy root = new Toy("root", inputs, g -> Arrays.asList(null, g * 3));

        backward(root, 1.0, false);

        assertEquals(List.of(3.0), x.received);
    }

    @Test
    void aNodeThatGetsOnlyNullGradientsIsSkippedButReleasesItsInputs() {
        // root -> {s, m}, s -> n, n -> m. s sends n a null gradient, so n must not run; but m also
        // waits on n, and must still run once with what root sent it
        Toy m = leaf("m");
        Toy n = scale("n", List.of(m), 7);
        Toy s = new Toy("s", List.of(n), g -> Arrays.asList((Double) null));
        Toy root = scale("root", List.of(s, m), 1, 2);

        backward(root, 1.0, false);

        assertTrue(n.received.isEmpty(), "n received no gradient, so it must not run");
        assertEquals(List.of(2.0), m.received);
        assertEquals(List.of("root", "s", "m"), runOrder);
    }

    @Test
    void skippingPropagatesThroughChainsOfGradientlessNodes() {
        // the null gradient cuts off n1 -> n2 -> leaf; root's direct gradient to leaf must still arrive
        Toy leaf = leaf("leaf");
        Toy n2 = scale("n2", List.of(leaf), 1);
        Toy n1 = scale("n1", List.of(n2), 1);
        Toy s = new Toy("s", List.of(n1), g -> Arrays.asList((Double) null));
        Toy root = scale("root", List.of(s, leaf), 1, 3);

        backward(root, 1.0, false);

        assertEquals(List.of("root", "s", "leaf"), runOrder);
        assertEquals(List.of(3.0), leaf.received);
    }

    @Test
    void aNodeReturningTheWrongNumberOfGradientsIsAnError() {
        Toy x = leaf("x");
        Toy bad = new Toy("bad", List.of(x, x), g -> List.of(g));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backward(bad, 1.0, false));
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
    }

    @Test
    void savedValuesAreReleasedAfterUseUnlessTheGraphIsRetained() {
        Toy x = leaf("x");
        Toy a = scale("a", List.of(x), 2);
        Toy root = scale("root", List.of(a), 3);

        backward(root, 1.0, true);
        assertEquals(0, root.released + a.released + x.released, "retainGraph keeps every saved value");

        backward(root, 1.0, false);
        assertEquals(1, root.released);
        assertEquals(1, a.released);
        assertEquals(1, x.released);
        assertEquals(List.of(6.0, 6.0), x.received, "a retained graph runs the same way a second time");
    }

    @Test
    void aValueModifiedAfterBeingSavedMakesBackwardThrowNamingTheOp() {
        VersionCounter counter = new VersionCounter();
        Toy x = leaf("x");
        Toy mul = scale("mul", List.of(x), 2);
        mul.saveVersion(counter);
        counter.bump();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backward(mul, 1.0, false));
        assertTrue(e.getMessage().contains("mul"), e.getMessage());
        assertTrue(e.getMessage().contains("modified by an in-place operation"), e.getMessage());
        assertTrue(x.received.isEmpty(), "nothing may flow from a stale node");
    }

    @Test
    void aValueSavedAfterItsModificationIsFine() {
        VersionCounter counter = new VersionCounter();
        counter.bump();
        Toy x = leaf("x");
        Toy mul = scale("mul", List.of(x), 2);
        mul.saveVersion(counter);

        backward(mul, 1.0, false);

        assertEquals(1, counter.version());
        assertEquals(List.of(2.0), x.received);
    }

    @Test
    void disableNestsAndEachCloseRestoresThePreviousMode() {
        assertTrue(GradMode.isEnabled(), "recording is on by default");
        try (var outer = GradMode.disable()) {
            assertFalse(GradMode.isEnabled());
            try (var inner = GradMode.enable()) {
                assertTrue(GradMode.isEnabled());
                try (var innermost = GradMode.disable()) {
                    assertFalse(GradMode.isEnabled());
                }
                assertTrue(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled());
            try (var again = GradMode.disable()) {
                assertFalse(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled(), "closing a nested disable must not turn recording back on");
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        try (var noGrad = GradMode.disable()) {
            boolean otherThreadSees = CompletableFuture.supplyAsync(GradMode::isEnabled, Thread::startVirtualThread).get();
            assertTrue(otherThreadSees, "disabling on one thread must not affect another");
            assertFalse(GradMode.isEnabled());
        }
        // the other thread disables and never closes its scope: only that thread's mode changes
        boolean disabledThere = CompletableFuture.supplyAsync(() -> {
            GradMode.disable();
            return !GradMode.isEnabled();
        }, Thread::startVirtualThread).get();
        assertTrue(disabledThere);
        assertTrue(GradMode.isEnabled(), "another thread disabling must not affect this one");
    }

    @Test
    void theListenerHearsEachNodeRunWithTheGradientItReadAndThoseItProduced() {
        Toy a = leaf("a");
        Toy b = leaf("b");
        Toy mid = scale("mid", List.of(a, b), 2, 3);
        Toy root = scale("root", Arrays.asList(mid, null), 5, 7);
        List<String> heard = new ArrayList<>();
        Engine.backward(root, 1.0, Double::sum, false, (grad, inputGrads) -> heard.add(grad + "->" + inputGrads));
        // every list as the node returned it, the gradient for an input that takes none included
        assertEquals(List.of("1.0->[5.0, 7.0]", "5.0->[10.0, 15.0]", "10.0->[]", "15.0->[]"), heard);
    }
}
