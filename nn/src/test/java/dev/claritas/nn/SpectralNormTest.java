package dev.claritas.nn;

import static dev.claritas.nn.AttentionFixtures.tensor;
import static dev.claritas.nn.NnFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SpectralNorm} against {@code torch.nn.utils.spectral_norm} on a Conv2d, a Linear and a
 * ConvTranspose2d (whose rows are dim 1): starting from PyTorch's state dict (so from its u and v),
 * three training passes must give PyTorch's outputs, gradients (through σ too) and power-iteration
 * vectors after each pass; evaluation then uses the stored vectors and leaves them alone.
 */
class SpectralNormTest {
    @ParameterizedTest
    @ValueSource(strings = {"spectral_norm__conv2d", "spectral_norm__linear", "spectral_norm__conv_transpose2d"})
    void matchesPyTorchOverThreeTrainingPassesAndEvaluation(String name) {
        SafeTensorsFile f = AttentionFixtures.read(name);
        SpectralNorm module = create(f);
        Map<String, Tensor> initial = AttentionFixtures.withPrefix(f, "state.");
        assertEquals(List.copyOf(initial.keySet()), List.copyOf(module.stateDict().keySet()), "PyTorch's keys and order");
        module.loadStateDict(initial, true);

        for (int pass = 0; pass < 3; pass++) {
            String what = name + " pass " + pass;
            module.zeroGrad();
            Tensor x = tensor(f, "pass" + pass + ".input").requiresGrad(true);
            Tensor out = module.forward(x);
            Map<String, Tensor> state = module.stateDict();
            assertClose(tensor(f, "pass" + pass + ".weight_u"), state.get("weight_u"), what + " weight_u");
            assertClose(tensor(f, "pass" + pass + ".weight_v"), state.get("weight_v"), what + " weight_v");
            assertClose(tensor(f, "pass" + pass + ".output"), out, what + " output");

            out.mul(tensor(f, "pass" + pass + ".proj")).sum().backward();
            Map<String, Tensor> grads = AttentionFixtures.withPrefix(f, "pass" + pass + ".grad.");
            TreeSet<String> expected = new TreeSet<>(module.namedParameters().keySet());
            expected.add("input");
            assertEquals(expected, new TreeSet<>(grads.keySet()));
            assertClose(grads.get("input"), x.grad(), what + " input gradient");
            module.namedParameters().forEach((key, p) -> assertClose(grads.get(key), p.grad(), what + " gradient of " + key));
        }

        module.eval();
        var before = TensorFiles.toRaw(module.stateDict().get("weight_u"));
        assertClose(tensor(f, "eval.output"), module.forward(tensor(f, "eval.input")), name + " evaluation output");
        assertEquals(before, TensorFiles.toRaw(module.stateDict().get("weight_u")), "evaluation keeps u");
    }

    @Test
    void checksItsArguments() {
        Tensor w = Tensor.randn(3, 4);
        assertThrows(IllegalArgumentException.class, () -> new SpectralNorm(w, null, 2, 1, 1e-12, (x, a, b) -> x));
        assertThrows(IllegalArgumentException.class, () -> new SpectralNorm(w, null, 0, -1, 1e-12, (x, a, b) -> x));
        assertThrows(IllegalArgumentException.class, () -> SpectralNorm.linear(4, 3, true).forward(Tensor.randn(2, 5)));
    }

    private static SpectralNorm create(SafeTensorsFile f) {
        Map<String, Object> a = NnFixtures.args(f);
        boolean bias = (Boolean) a.get("bias");
        return switch (f.metadata().get("module")) {
            case "Linear" -> SpectralNorm.linear(number(a, "in_features"), number(a, "out_features"), bias);
            case "Conv2d" -> SpectralNorm.conv2d(number(a, "in_channels"), number(a, "out_channels"),
                    number(a, "kernel_size"), number(a, "stride"), number(a, "padding"), bias);
            case "ConvTranspose2d" -> SpectralNorm.convTranspose2d(number(a, "in_channels"), number(a, "out_channels"),
                    number(a, "kernel_size"), number(a, "stride"), number(a, "padding"), bias);
            default -> throw new IllegalArgumentException("unknown module " + f.metadata().get("module"));
        };
    }

    private static int number(Map<String, Object> args, String key) {
        return (int) NnFixtures.number(args, key);
    }
}
