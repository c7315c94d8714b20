package dev.claritas.nn;

import static dev.claritas.nn.AttentionFixtures.intArg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MultiheadSelfAttention2d} against {@code nn.MultiheadAttention(batch_first=True)} run on
 * the pixels (or pixel-unshuffled patches) of an image, with one and several heads.
 */
class MultiheadSelfAttention2dTest {
    @ParameterizedTest
    @ValueSource(strings = {"mhsa2d__pixels_c8_h2", "mhsa2d__pixels_c6_h1", "mhsa2d__patch2_c3_h3"})
    void matchesPyTorch(String name) {
        var f = AttentionFixtures.read(name);
        var module = new MultiheadSelfAttention2d(intArg(f, "channels"), intArg(f, "num_heads"), intArg(f, "patch_size"));
        AttentionFixtures.replay(name, module, List.of("input"), xs -> module.forward(xs.get(0)));
    }

    @Test
    void isInitialisedAsPyTorchAndChecksItsInput() {
        var module = new MultiheadSelfAttention2d(4, 2, 2);
        Map<String, Tensor> state = module.stateDict();
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(state.keySet()));
        double bound = Math.sqrt(6.0 / (16 + 48)); // Xavier-uniform over [48, 16]
        assertTrue(state.get("in_proj_weight").abs().max().item() <= bound);
        assertEquals(0.0, state.get("in_proj_bias").abs().max().item());
        assertEquals(0.0, state.get("out_proj.bias").abs().max().item());
        assertThrows(IllegalArgumentException.class, () -> module.forward(Tensor.randn(1, 4, 5, 4)));
        assertThrows(IllegalArgumentException.class, () -> new MultiheadSelfAttention2d(5, 2));
    }
}
