package dev.claritas.nn;

import static dev.claritas.nn.AttentionFixtures.intArg;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AttentionGate} against the PyTorch {@code Attention_block} it follows, in training mode
 * (BatchNorm on batch statistics, running statistics updated) and in evaluation, with the gate at
 * the skip's size, at half of it, and at a size that does not divide it.
 */
class AttentionGateTest {
    @ParameterizedTest
    @ValueSource(strings = {"attention_gate__same_size", "attention_gate__gate_x2", "attention_gate__gate_odd"})
    void matchesPyTorch(String name) {
        var f = AttentionFixtures.read(name);
        var gate = new AttentionGate(intArg(f, "F_g"), intArg(f, "F_l"), intArg(f, "F_int"));
        AttentionFixtures.replay(name, gate, List.of("gate", "skip"), xs -> gate.forward(xs.get(0), xs.get(1)));
    }

    @Test
    void refusesOneInputAndMismatchedInputs() {
        var gate = new AttentionGate(6, 4, 3);
        assertThrows(UnsupportedOperationException.class, () -> gate.forward(Tensor.randn(2, 4, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> gate.forward(Tensor.randn(2, 4, 5, 5), Tensor.randn(2, 4, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> gate.forward(Tensor.randn(1, 6, 5, 5), Tensor.randn(2, 4, 5, 5)));
    }
}
