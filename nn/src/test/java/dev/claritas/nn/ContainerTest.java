package dev.claritas.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.Json;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** ModuleList and ModuleDict name their modules as PyTorch does, so state dicts move between the two. */
class ContainerTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/layers/containers/modulelist_moduledict.safetensors");

    /** The module of {@code tools/make_layer_fixtures.py}'s container case, built the same way. */
    static final class Containers extends Module {
        final ModuleList blocks;
        final ModuleDict heads;

        Containers() {
            blocks = registerModule("blocks", new ModuleList(new Linear(3, 4),
                    new Sequential(new Linear(4, 4, false), new BatchNorm1d(4))));
            Map<String, Module> headsByName = new LinkedHashMap<>();
            headsByName.put("mri", new Linear(4, 2));
            headsByName.put("ct", new Linear(4, 1));
            heads = registerModule("heads", new ModuleDict(headsByName));
        }

        @Override
        public Tensor forward(Tensor x) {
            for (Module block : blocks) {
                x = block.forward(x);
            }
            return heads.get("mri").forward(x);
        }
    }

    @Test
    void stateDictKeysAndOrderAreThoseOfPyTorch() throws IOException {
        SafeTensorsFile f = SafeTensors.read(FIXTURE);
        List<?> pytorchKeys = (List<?>) Json.parse(f.metadata().get("keys"));
        Containers model = new Containers();
        assertEquals(pytorchKeys, List.copyOf(model.stateDict().keySet()));

        Map<String, Tensor> state = TensorFiles.fromFile(f);
        model.loadStateDict(state, true);
        NnFixtures.assertClose(state.get("heads.ct.weight"), model.stateDict().get("heads.ct.weight"), "loaded heads.ct.weight");
        NnFixtures.assertClose(state.get("blocks.1.1.running_var"), model.stateDict().get("blocks.1.1.running_var"),
                "loaded blocks.1.1.running_var");
    }

    @Test
    void printsAsPyTorchDoes() throws IOException {
        assertEquals(SafeTensors.read(FIXTURE).metadata().get("repr"), new Containers().toString());
    }

    @Test
    void moduleListKeepsItsModulesInOrder() {
        Linear first = new Linear(2, 3);
        ReLU second = new ReLU();
        ModuleList list = new ModuleList(first);
        assertSame(list, list.append(second));
        assertEquals(2, list.size());
        assertSame(first, list.get(0));
        assertSame(second, list.get(1));
        List<Module> iterated = new ArrayList<>();
        list.forEach(iterated::add);
        assertEquals(List.of(first, second), iterated);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(list.namedParameters().keySet()));
    }

    @Test
    void moduleDictFindsModulesByKeyAndRefusesBadKeys() {
        Linear mri = new Linear(2, 2);
        ModuleDict dict = new ModuleDict().put("mri", mri).put("ct", new Linear(2, 1, false));
        assertSame(mri, dict.get("mri"));
        assertEquals(List.of("mri", "ct"), List.copyOf(dict.keySet()));
        assertEquals(List.of("mri.weight", "mri.bias", "ct.weight"), List.copyOf(dict.namedParameters().keySet()));
        var missing = assertThrows(NoSuchElementException.class, () -> dict.get("pet"));
        assertEquals("ModuleDict has no key 'pet'; it has [mri, ct]", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dict.put("mri", new Identity()), "a key is used once");
        assertThrows(IllegalArgumentException.class, () -> dict.put("a.b", new Identity()), "dots would break the key names");
    }

    @Test
    void containersHaveNoForward() {
        Tensor x = Tensor.zeros(1, 2);
        assertThrows(UnsupportedOperationException.class, () -> new ModuleList(new Identity()).forward(x));
        assertThrows(UnsupportedOperationException.class, () -> new ModuleDict().put("id", new Identity()).forward(x));
    }

    @Test
    void evalReachesModulesInsideContainers() {
        Containers model = new Containers();
        model.eval();
        assertFalse(model.blocks.get(1).isTraining());
        assertFalse(model.heads.get("ct").isTraining());
        // the BatchNorm1d inside the list really evaluates: its counter stays at zero
        model.forward(Tensor.randn(3, 3));
        assertEquals(0, model.stateDict().get("blocks.1.1.num_batches_tracked").item());
    }
}
