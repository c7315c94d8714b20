package dev.claritas.mri.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.kernels.cpu.Vectorization;
import dev.claritas.nn.io.StateDicts;
import dev.claritas.tensor.MemoryFormat;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.Json;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fastMRI's U-Net: Claritas' {@link UNet} loads a state dict written by PyTorch (fastMRI's module
 * definition, random weights, 8 channels and 3 poolings) strictly and reproduces its outputs and
 * gradients on a square input and on an odd one whose up path needs the reflect pad; it has
 * exactly fastMRI's keys and shapes at the default size (32 channels, 4 poolings: only the keys and
 * shapes are stored, the weights would be 31 MB); and what it writes has PyTorch's keys, shapes and
 * dtypes. Fixtures from {@code tools/make_model_fixtures.py}.
 */
class UNetParityTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/models");
    static final Path STATE = FIXTURES.resolve("unet_c8_p3.safetensors");
    static final Path IO = FIXTURES.resolve("unet_c8_p3_io.safetensors");
    static final Path DEFAULT_KEYS = FIXTURES.resolve("unet_c32_p4_keys.safetensors");

    /** Largest absolute difference from PyTorch, relative to the reference's largest magnitude (at least 1). */
    static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @Test
    void loadsFastMrisStateDictAndReproducesItsOutputsAndGradients() throws IOException {
        reproducesPyTorch(MemoryFormat.CONTIGUOUS);
    }

    /**
     * The same with the input channels-last, where every op of the model keeps that layout (instance
     * norm, pooling, the 2×2 transposed convolution and the concatenation included) and the
     * convolutions run their channels-last kernels.
     */
    @Test
    void channelsLastInputsReproducePyTorchsOutputsAndGradients() throws IOException {
        Tensor output = reproducesPyTorch(MemoryFormat.CHANNELS_LAST);
        if (Vectorization.ENABLED) { // on the scalar path convolutions fall back to row-major by design
            assertEquals(1, output.strides()[1], "the square input's output is channels-last (channel stride 1)");
        }
    }

    /** Loads the fixture's model, checks both inputs laid out in {@code format}; returns the square input's output. */
    private static Tensor reproducesPyTorch(MemoryFormat format) throws IOException {
        UNet model = UNet.fromMetadata(SafeTensors.read(STATE).metadata(), STATE.toString());
        assertEquals(List.of(1, 1, 8, 3), List.of(model.inChans(), model.outChans(), model.chans(), model.numPoolLayers()));
        StateDicts.load(model, STATE, true);
        model.eval();

        SafeTensorsFile io = SafeTensors.read(IO);
        Tensor squareOutput = null;
        for (String label : List.of("square", "odd")) {
            Tensor input = tensor(io, label + ".input").contiguous(format).requiresGrad(true);
            Tensor output = model.forward(input);
            squareOutput = squareOutput == null ? output : squareOutput;
            assertClose(tensor(io, label + ".output"), output, label + " output");

            model.zeroGrad();
            output.mul(tensor(io, label + ".proj")).sum().backward();
            assertClose(tensor(io, label + ".grad.input"), input.grad(), label + " input gradient");
            String first = "down_sample_layers.0.layers.0.weight";
            assertClose(tensor(io, label + ".grad." + first), model.namedParameters().get(first).grad(),
                    label + " gradient of " + first);
        }
        return squareOutput;
    }

    @Test
    void hasFastMrisKeysShapesAndParameterCountAtTheDefaultSize() throws IOException {
        Map<String, String> metadata = SafeTensors.read(DEFAULT_KEYS).metadata();
        UNet model = new UNet(1, 1);
        assertEquals(List.of(32, 4), List.of(model.chans(), model.numPoolLayers()));
        assertEquals(pytorchShapes(metadata), shapes(model.stateDict()), "state_dict() keys, shapes and order");
        assertEquals(Long.parseLong(metadata.get("parameter_count")), model.parameterCount());
    }

    /** The reverse direction: a file Claritas writes has exactly the keys, shapes and dtypes PyTorch's U-Net has. */
    @Test
    void savesTheKeysShapesAndDtypesPyTorchExpects() throws IOException {
        UNet model = new UNet(1, 1, 8, 3, 0.0);
        Path file = dir.resolve("unet.safetensors");
        StateDicts.save(model, file, model.metadata());

        SafeTensorsFile pytorch = SafeTensors.read(STATE);
        SafeTensorsFile ours = SafeTensors.read(file);
        assertEquals(pytorchShapes(pytorch.metadata()), shapes(TensorFiles.fromFile(ours)), "keys, shapes and order");
        assertEquals(dtypes(pytorch), dtypes(ours));
        for (String key : List.of("architecture", "in_chans", "out_chans", "chans", "num_pool_layers", "drop_prob")) {
            assertEquals(pytorch.metadata().get(key), ours.metadata().get(key), "metadata " + key);
        }
    }

    @Test
    void refusesInputsTooSmallToPoolOrWithTheWrongChannels() {
        UNet model = new UNet(1, 1, 4, 3, 0.0);
        var small = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(1, 1, 7, 16)));
        assertTrue(small.getMessage().contains("H, W >= 8"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(1, 2, 16, 16)));
    }

    private static Tensor tensor(SafeTensorsFile file, String key) {
        return TensorFiles.fromRaw(file.tensor(key));
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        assertTrue(worst <= TOLERANCE * scale, what + ": differs from PyTorch by " + worst + " at magnitude " + scale);
    }

    /** The fixture's {@code pytorch_keys} as "key [shape]" lines, in PyTorch's state-dict order. */
    @SuppressWarnings("unchecked")
    private static List<String> pytorchShapes(Map<String, String> metadata) {
        Map<String, Object> keys = (Map<String, Object>) Json.parse(metadata.get("pytorch_keys"));
        List<String> out = new ArrayList<>();
        keys.forEach((k, v) -> out.add(k + " " + v));
        return out;
    }

    private static List<String> shapes(Map<String, Tensor> state) {
        List<String> out = new ArrayList<>();
        state.forEach((k, t) -> out.add(k + " " + Arrays.toString(t.shape().toArray())));
        return out;
    }

    private static TreeMap<String, String> dtypes(SafeTensorsFile file) {
        TreeMap<String, String> out = new TreeMap<>();
        file.tensors().forEach((k, t) -> out.put(k, t.dtype()));
        return out;
    }
}
