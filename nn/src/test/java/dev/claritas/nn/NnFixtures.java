package dev.claritas.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.Json;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the files of {@code tools/make_nn_fixtures.py} and compares tensors with PyTorch's; the
 * reading and comparing that every fixture reader of the nn tests shares (optimizers, losses,
 * attention blocks) is here.
 */
public final class NnFixtures {
    static final Path DIR = Path.of("src/test/resources/fixtures/nn");

    /**
     * Largest absolute difference allowed, relative to the largest magnitude of the reference:
     * float32 results computed in a different summation order than PyTorch's.
     */
    public static final double TOLERANCE = 1e-5;

    private NnFixtures() {}

    static SafeTensorsFile read(String name) {
        return read(DIR, name);
    }

    /** The fixture {@code name}{@code .safetensors} of {@code dir}. */
    public static SafeTensorsFile read(Path dir, String name) {
        try {
            return SafeTensors.read(dir.resolve(name + ".safetensors"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Tensor tensor(SafeTensorsFile file, String key) {
        return TensorFiles.fromRaw(file.tensor(key));
    }

    /** A metadata entry parsed as JSON. */
    public static Object json(SafeTensorsFile file, String key) {
        return Json.parse(file.metadata().get(key));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object json) {
        return (Map<String, Object>) json;
    }

    /** The fixture's {@code args} metadata: the constructor or optimizer arguments under PyTorch's names. */
    public static Map<String, Object> args(SafeTensorsFile file) {
        return object(json(file, "args"));
    }

    public static double number(Map<String, Object> args, String key) {
        Object v = args.get(key);
        if (v == null) {
            throw new AssertionError("fixture argument '" + key + "' is missing from " + args);
        }
        return ((Number) v).doubleValue();
    }

    /** Same shape, and max |actual − expected| ≤ {@link #TOLERANCE} · max |expected|. */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        double relative = worst / (scale > 0 ? scale : 1);
        assertTrue(relative <= TOLERANCE, what + ": differs from PyTorch by " + worst + " (" + relative
                + " of the reference's largest magnitude " + scale + ")");
    }
}
