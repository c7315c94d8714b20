package dev.claritas.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.nn.io.StateDicts;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State dicts through safetensors files: what is saved is what loads, and a failed save harms nothing. */
class StateDictIoTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        return new Sequential(new Conv2d(2, 3, 3), new BatchNorm2d(3), new ReLU(), new Conv2d(3, 1, 3, 2, 1, false));
    }

    /** A model whose buffers differ from their initial values, so that they are tested too. */
    private static Sequential trainedModel() {
        Sequential m = model();
        m.forward(Tensor.randn(2, 2, 5, 5));
        m.forward(Tensor.randn(2, 2, 5, 5));
        return m;
    }

    @Test
    void saveThenLoadGivesIdenticalValuesTypesAndMetadata() throws IOException {
        Sequential saved = trainedModel();
        Path file = dir.resolve("model.safetensors");
        StateDicts.save(saved, file, Map.of("architecture", "test", "epoch", "3"));

        Sequential loaded = model();
        Map<String, String> metadata = StateDicts.load(loaded, file, true);
        assertEquals(Map.of("architecture", "test", "epoch", "3"), metadata);
        assertSameState(saved, loaded);

        // The stream form, used for class-path resources, reads the same bytes.
        Sequential fromStream = model();
        try (InputStream in = Files.newInputStream(file)) {
            StateDicts.load(fromStream, in, file.toString(), true);
        }
        assertSameState(saved, fromStream);
    }

    private static void assertSameState(Module expected, Module actual) {
        Map<String, Tensor> a = actual.stateDict();
        expected.stateDict().forEach((k, e) -> {
            assertEquals(e.dtype(), a.get(k).dtype(), k);
            assertEquals(e.shape(), a.get(k).shape(), k);
            // Bit-identical: float32 goes to the file and back without conversion.
            assertArrayEquals(e.toDoubleArray(), a.get(k).toDoubleArray(), k);
        });
        assertEquals(2L, (long) actual.stateDict().get("1.num_batches_tracked").item());
    }

    @Test
    void fileUsesPyTorchsDtypes() throws IOException {
        Path file = dir.resolve("model.safetensors");
        StateDicts.save(trainedModel(), file, Map.of());
        SafeTensorsFile read = SafeTensors.read(file);
        read.tensors().forEach((k, t) -> assertEquals(k.endsWith("num_batches_tracked") ? "I64" : "F32", t.dtype(), k));
        assertArrayEquals(new int[0], read.tensor("1.num_batches_tracked").shape(), "a 0-d scalar, as torch saves it");
    }

    @Test
    void aFailedSaveLeavesTheExistingFileIntact() throws IOException {
        Path file = dir.resolve("model.safetensors");
        StateDicts.save(trainedModel(), file, Map.of());
        byte[] before = Files.readAllBytes(file);
        // Metadata that fails while the header is being written: after the temporary file was created.
        Map<String, String> failing = new LinkedHashMap<>(Map.of("k", "v")) {
            @Override
            public Set<Map.Entry<String, String>> entrySet() {
                throw new IllegalStateException("simulated failure while writing");
            }
        };

        assertThrows(IllegalStateException.class, () -> StateDicts.save(model(), file, failing));

        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }
}
