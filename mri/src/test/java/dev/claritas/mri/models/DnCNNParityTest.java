package dev.claritas.mri.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.nn.io.StateDicts;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.Json;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DnCNN weights move between PyTorch and Claritas unchanged. The fixtures, written by
 * {@code tools/make_nn_fixtures.py}, hold the state dict of the same network built in PyTorch
 * (depth 4, 8 channels, random weights, BatchNorm running statistics from three training passes) and
 * its evaluation-mode output for one input.
 */
class DnCNNParityTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/models");
    static final Path STATE = FIXTURES.resolve("dncnn_d4_c8.safetensors");
    static final Path IO = FIXTURES.resolve("dncnn_d4_c8_io.safetensors");

    @TempDir
    Path dir;

    @Test
    void loadsPyTorchsStateDictAndReproducesItsEvalOutput() throws IOException {
        // The PyTorch-written file describes its architecture the way Claritas' own files do.
        DnCNN model = DnCNN.fromMetadata(SafeTensors.read(STATE).metadata(), STATE.toString());
        assertEquals(4, model.depth());
        assertEquals(8, model.channels());
        StateDicts.load(model, STATE, true);
        model.eval();

        SafeTensorsFile io = SafeTensors.read(IO);
        Tensor expected = TensorFiles.fromRaw(io.tensor("output"));
        Tensor actual = model.forward(TensorFiles.fromRaw(io.tensor("input")));
        assertEquals(expected.shape(), actual.shape());
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        // float32 in a different summation order than PyTorch's: 1e-5 of the output's magnitude.
        assertTrue(worst <= 1e-5 * scale, "differs from PyTorch by " + worst + " at output magnitude " + scale);
    }

    /** The reverse direction: a file Claritas writes has exactly PyTorch's keys, shapes and dtypes. */
    @Test
    void savesTheKeysShapesAndDtypesPyTorchExpects() throws IOException {
        DnCNN model = new DnCNN(4, 8);
        Path file = dir.resolve("dncnn.safetensors");
        StateDicts.save(model, file, model.metadata());

        SafeTensorsFile pytorch = SafeTensors.read(STATE);
        @SuppressWarnings("unchecked")
        Map<String, Object> pytorchShapes = (Map<String, Object>) Json.parse(pytorch.metadata().get("pytorch_keys"));
        SafeTensorsFile ours = SafeTensors.read(file);
        assertEquals(new TreeMap<>(pytorchShapes), shapes(ours), "keys and shapes of PyTorch's DnCNN state_dict()");
        assertEquals(dtypes(pytorch), dtypes(ours), "dtypes (float32 weights, int64 num_batches_tracked)");
        assertEquals(List.copyOf(pytorchShapes.keySet()), List.copyOf(model.stateDict().keySet()),
                "state_dict() order: each module's parameters, then its buffers, then its children");
    }

    private static TreeMap<String, Object> shapes(SafeTensorsFile file) {
        TreeMap<String, Object> out = new TreeMap<>();
        file.tensors().forEach((k, t) -> out.put(k, Arrays.stream(t.shape()).mapToObj(d -> (Object) (long) d).toList()));
        return out;
    }

    private static TreeMap<String, String> dtypes(SafeTensorsFile file) {
        TreeMap<String, String> out = new TreeMap<>();
        file.tensors().forEach((k, t) -> out.put(k, t.dtype()));
        return out;
    }
}
