package dev.claritas.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Module bookkeeping: names, modes, gradients and state dicts, with PyTorch's conventions. */
class ModuleTest {

    /** Conv → ReLU → (Conv without bias → BatchNorm) → Conv: a nested Sequential with a parameterless layer. */
    private static Sequential model() {
        return new Sequential(
                new Conv2d(1, 4, 3),
                new ReLU(),
                new Sequential(new Conv2d(4, 4, 3, 1, 1, false), new BatchNorm2d(4)),
                new Conv2d(4, 1, 3));
    }

    private static final List<String> PARAMETER_NAMES =
            List.of("0.weight", "0.bias", "2.0.weight", "2.1.weight", "2.1.bias", "3.weight", "3.bias");
    private static final List<String> BUFFER_NAMES =
            List.of("2.1.running_mean", "2.1.running_var", "2.1.num_batches_tracked");

    @Test
    void parametersAreNamedWithDottedPathsInRegistrationOrder() {
        Sequential m = model();
        assertEquals(PARAMETER_NAMES, List.copyOf(m.namedParameters().keySet()));
        assertEquals(BUFFER_NAMES, List.copyOf(m.namedBuffers().keySet()));
        // parameters() is what optimizers get: the same holders, in the same order.
        assertEquals(List.copyOf(m.namedParameters().values()), m.parameters());
    }

    @Test
    void stateDictHoldsEveryParameterAndBufferUnderItsName() {
        Sequential m = model();
        Map<String, Tensor> state = m.stateDict();
        assertEquals(PARAMETER_NAMES.size() + BUFFER_NAMES.size(), state.size());
        m.namedParameters().forEach((k, p) -> assertSame(p.value(), state.get(k), k));
        m.namedBuffers().forEach((k, b) -> assertSame(b.value(), state.get(k), k));
    }

    @Test
    void parameterCountAddsUpEveryTrainableValue() {
        // conv 1→4 3×3 with bias: 36 + 4; conv 4→4 3×3 without bias: 144; BatchNorm(4): 4 + 4;
        // conv 4→1 3×3 with bias: 36 + 1. Buffers are not parameters.
        assertEquals(40 + 144 + 8 + 37, model().parameterCount());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential m = model();
        m.eval();
        assertAllTraining(m, false);
        // The nested BatchNorm really is in evaluation mode: a forward pass leaves its counter alone.
        m.forward(Tensor.randn(2, 1, 6, 6));
        assertEquals(0, m.stateDict().get("2.1.num_batches_tracked").item());
        m.train();
        assertAllTraining(m, true);
        m.forward(Tensor.randn(2, 1, 6, 6));
        assertEquals(1, m.stateDict().get("2.1.num_batches_tracked").item());
    }

    private static void assertAllTraining(Module m, boolean expected) {
        assertEquals(expected, m.isTraining(), m.getClass().getSimpleName());
        m.children().values().forEach(c -> assertAllTraining(c, expected));
    }

    @Test
    void zeroGradClearsTheGradientOfEveryParameter() {
        Sequential m = model();
        m.forward(Tensor.randn(2, 1, 6, 6)).sum().backward();
        m.namedParameters().forEach((k, p) -> assertNotNull(p.grad(), k + " has a gradient after backward"));
        m.zeroGrad();
        m.namedParameters().forEach((k, p) -> assertNull(p.grad(), k + " is cleared"));
    }

    @Test
    void loadStateDictCopiesValuesIntoTheModule() {
        Sequential source = model();
        Sequential target = model();
        assertTrue(target.loadStateDict(source.stateDict(), true).isClean());
        source.stateDict().forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), target.stateDict().get(k).toDoubleArray(), k));
        // A copy, not an alias: changing the source afterwards leaves the loaded module alone.
        Tensor sourceWeight = source.stateDict().get("0.weight");
        sourceWeight.detach().fill(7);
        assertNotEquals(7.0, target.stateDict().get("0.weight").toDoubleArray()[0]);
        assertTrue(target.namedParameters().get("0.weight").value().requiresGrad(), "a loaded parameter stays trainable");
    }

    @Test
    void strictLoadNamesMissingAndUnexpectedKeysAndChangesNothing() {
        Sequential m = model();
        double[] before = m.stateDict().get("0.weight").toDoubleArray();
        Map<String, Tensor> state = new LinkedHashMap<>(model().stateDict());
        state.remove("2.1.running_var");
        state.remove("3.bias");
        state.put("2.1.extra", Tensor.zeros(4));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("missing keys [3.bias, 2.1.running_var]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [2.1.extra]"), e.getMessage());
        assertArrayEquals(before, m.stateDict().get("0.weight").toDoubleArray(), "a rejected state dict loads nothing");
    }

    @Test
    void nonStrictLoadReportsMismatchedKeysAndLoadsTheRest() {
        Sequential m = model();
        double[] keptBias = m.stateDict().get("3.bias").toDoubleArray();
        Sequential source = model();
        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.remove("3.bias");
        state.put("4.weight", Tensor.zeros(1));

        Module.LoadReport report = m.loadStateDict(state, false);
        assertEquals(List.of("3.bias"), report.missingKeys());
        assertEquals(List.of("4.weight"), report.unexpectedKeys());
        assertFalse(report.isClean());
        assertArrayEquals(source.stateDict().get("3.weight").toDoubleArray(), m.stateDict().get("3.weight").toDoubleArray());
        assertArrayEquals(keptBias, m.stateDict().get("3.bias").toDoubleArray(), "a missing key keeps its value");
    }

    @Test
    void shapeMismatchNamesTheKeyAndBothShapesEvenWhenNotStrict() {
        Map<String, Tensor> state = new LinkedHashMap<>(model().stateDict());
        state.put("2.0.weight", Tensor.zeros(4, 4, 5, 5));
        for (boolean strict : new boolean[] {true, false}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model().loadStateDict(state, strict));
            assertTrue(e.getMessage().contains("'2.0.weight'"), e.getMessage());
            assertTrue(e.getMessage().contains("[4, 4, 5, 5]"), e.getMessage());
            assertTrue(e.getMessage().contains("[4, 4, 3, 3]"), e.getMessage());
        }
    }

    @Test
    void namesThatWouldMakeAmbiguousKeysAreRejected() {
        class Holder extends Module {
            Holder(String first, String second) {
                registerParameter(first, Tensor.zeros(1));
                registerBuffer(second, Tensor.zeros(1));
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        }
        // "a.b" would be indistinguishable from member b of a child a; a name used twice would lose a value.
        assertThrows(IllegalArgumentException.class, () -> new Holder("a.b", "c"));
        assertThrows(IllegalArgumentException.class, () -> new Holder("a", "a"));
    }
}
