package dev.claritas.nn;

import static dev.claritas.nn.NnFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the attention blocks' fixtures of {@code tools/make_model_fixtures.py} and replays them:
 * per mode, the module loads PyTorch's initial state dict strictly, and its output, the gradients of
 * L = Σ output · proj for every input and parameter, and its buffers after the pass must match.
 */
final class AttentionFixtures {
    static final Path DIR = Path.of("src/test/resources/fixtures/attention");

    private AttentionFixtures() {}

    static SafeTensorsFile read(String name) {
        return NnFixtures.read(DIR, name);
    }

    static Tensor tensor(SafeTensorsFile file, String key) {
        return NnFixtures.tensor(file, key);
    }

    /** The entries under {@code prefix}, keyed without it, in file order. */
    static Map<String, Tensor> withPrefix(SafeTensorsFile file, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        file.tensors().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), TensorFiles.fromRaw(v));
            }
        });
        return out;
    }

    /** An integer of the fixture's {@code args}. */
    static int intArg(SafeTensorsFile file, String key) {
        return (int) NnFixtures.number(NnFixtures.args(file), key);
    }

    /**
     * As {@link NnFixtures#assertClose}, except for a gradient that is zero but for rounding, such as
     * that of a convolution's bias ahead of BatchNorm in training, which subtracts the batch mean: its
     * noise is relative to the pass's largest gradient, so it must only stay that small.
     */
    static void assertGradientClose(Tensor expected, Tensor actual, double largest, String what) {
        double noise = NnFixtures.TOLERANCE * largest;
        if (expected.abs().max().item() <= noise) {
            double worst = actual.abs().max().item();
            assertTrue(worst <= noise, what + ": PyTorch's is zero up to rounding (below " + noise + "), ours reaches " + worst);
        } else {
            assertClose(expected, actual, what);
        }
    }

    /**
     * Replays the fixture {@code name} on {@code module}: {@code inputs} are the names of its input
     * tensors, in the order {@code forward} takes them.
     */
    static void replay(String name, Module module, List<String> inputs, Function<List<Tensor>, Tensor> forward) {
        SafeTensorsFile f = read(name);
        Map<String, Tensor> initial = withPrefix(f, "state.");
        assertEquals(List.copyOf(initial.keySet()), List.copyOf(module.stateDict().keySet()), name + ": state-dict keys and order");
        for (Object mode : (List<?>) NnFixtures.json(f, "modes")) {
            String what = name + " (" + mode + ")";
            module.loadStateDict(initial, true);
            if (mode.equals("eval")) {
                module.eval();
            } else {
                module.train();
            }
            module.zeroGrad();
            List<Tensor> xs = new ArrayList<>();
            inputs.forEach(input -> xs.add(tensor(f, input).requiresGrad(true)));
            Tensor out = forward.apply(xs);
            assertClose(tensor(f, mode + ".output"), out, what + " output");

            out.mul(tensor(f, "proj")).sum().backward();
            Map<String, Tensor> grads = withPrefix(f, mode + ".grad.");
            Set<String> expected = new TreeSet<>(module.namedParameters().keySet());
            expected.addAll(inputs);
            assertEquals(expected, new TreeSet<>(grads.keySet()), what + ": gradients for the same inputs and parameters");
            for (int i = 0; i < inputs.size(); i++) {
                assertClose(grads.get(inputs.get(i)), xs.get(i).grad(), what + " gradient of " + inputs.get(i));
            }
            double largest = grads.values().stream().mapToDouble(g -> g.abs().max().item()).max().orElse(0);
            module.namedParameters().forEach((key, p) -> {
                assertNotNull(p.grad(), what + ": no gradient reached " + key);
                assertGradientClose(grads.get(key), p.grad(), largest, what + " gradient of " + key);
            });
            Map<String, Tensor> buffers = withPrefix(f, mode + ".state.");
            assertEquals(buffers.keySet(), module.namedBuffers().keySet(), what + ": buffers");
            Map<String, Tensor> state = module.stateDict();
            buffers.forEach((key, value) -> assertClose(value, state.get(key), what + " " + key + " after the pass"));
        }
    }
}
