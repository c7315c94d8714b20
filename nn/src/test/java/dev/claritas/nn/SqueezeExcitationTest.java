package dev.claritas.nn;

import static dev.claritas.nn.AttentionFixtures.intArg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.tensor.Shape;
import dev.claritas.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SqueezeExcitation} against torchvision's {@code ops.SqueezeExcitation}, forward and backward. */
class SqueezeExcitationTest {
    @ParameterizedTest
    @ValueSource(strings = {"se__c8_s2", "se__c6_s3"})
    void matchesTorchvision(String name) {
        var f = AttentionFixtures.read(name);
        var module = new SqueezeExcitation(intArg(f, "input_channels"), intArg(f, "squeeze_channels"));
        AttentionFixtures.replay(name, module, List.of("input"), xs -> module.forward(xs.get(0)));
    }

    @Test
    void reductionGivesThePapersWidthAndKeys() {
        var module = SqueezeExcitation.withReduction(64, 16);
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(module.stateDict().keySet()));
        assertEquals(Shape.of(4, 64, 1, 1), module.stateDict().get("fc1.weight").shape());
        assertEquals(Shape.of(2, 64, 5, 3), module.forward(Tensor.randn(2, 64, 5, 3)).shape());
        assertThrows(IllegalArgumentException.class, () -> module.forward(Tensor.randn(2, 32, 5, 3)));
    }
}
