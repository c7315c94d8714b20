package dev.claritas.mri.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The tensors of {@code tools/make_preprocess_fixtures.py}, and a closeness check. */
public final class PreprocessFixtures {
    static final Path FILE = Path.of("src/test/resources/fixtures/preprocess/preprocess.safetensors");
    private static Map<String, Tensor> cache;

    private PreprocessFixtures() {}

    public static synchronized Tensor get(String name) {
        if (cache == null) {
            try {
                cache = TensorFiles.load(FILE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cache.get(name);
    }

    /** Same shape and every element within {@code tol}; returns the largest difference. */
    public static double assertClose(Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape().toArray(), actual.shape().toArray(), "shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol, "element " + i);
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        return worst;
    }
}
