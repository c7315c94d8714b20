package dev.claritas.nn.optim;

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
import java.util.List;
import java.util.Map;

/** Reads the files of {@code tools/make_optim_fixtures.py} and compares with PyTorch's values. */
final class OptimFixtures {
    static final Path DIR = Path.of("src/test/resources/fixtures/optim");

    /** Trajectories: largest difference allowed, relative to the largest magnitude of the reference. */
    static final double TOLERANCE = 1e-5;

    /** Learning rates and momenta: largest absolute difference allowed (every value here is below 1). */
    static final double LR_TOLERANCE = 1e-12;

    private OptimFixtures() {}

    static SafeTensorsFile read(String name) {
        try {
            return SafeTensors.read(DIR.resolve(name + ".safetensors"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Tensor tensor(SafeTensorsFile file, String key) {
        return TensorFiles.fromRaw(file.tensor(key));
    }

    /** A metadata entry parsed as JSON. */
    static Object json(SafeTensorsFile file, String key) {
        return Json.parse(file.metadata().get(key));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object json) {
        return (List<Object>) json;
    }

    static double number(Map<String, Object> args, String key, double fallback) {
        Object v = args.get(key);
        return v == null ? fallback : ((Number) v).doubleValue();
    }

    static double number(Map<String, Object> args, String key) {
        Object v = args.get(key);
        if (v == null) {
            throw new AssertionError("fixture argument '" + key + "' is missing from " + args);
        }
        return ((Number) v).doubleValue();
    }

    static int[] ints(Object json) {
        return list(json).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    static double[] doubles(Object json) {
        return list(json).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    /** Same shape, and max |actual − expected| ≤ {@link #TOLERANCE} · max |expected|. */
    static void assertClose(Tensor expected, Tensor actual, String what) {
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
