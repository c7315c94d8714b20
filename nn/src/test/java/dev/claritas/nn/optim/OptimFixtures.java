package dev.claritas.nn.optim;

import dev.claritas.nn.NnFixtures;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads the files of {@code tools/make_optim_fixtures.py} and compares with PyTorch's values. */
final class OptimFixtures {
    static final Path DIR = Path.of("src/test/resources/fixtures/optim");

    /** Trajectories: largest difference allowed, relative to the largest magnitude of the reference. */
    static final double TOLERANCE = NnFixtures.TOLERANCE;

    /** Learning rates and momenta: largest absolute difference allowed (every value here is below 1). */
    static final double LR_TOLERANCE = 1e-12;

    private OptimFixtures() {}

    static SafeTensorsFile read(String name) {
        return NnFixtures.read(DIR, name);
    }

    static Tensor tensor(SafeTensorsFile file, String key) {
        return NnFixtures.tensor(file, key);
    }

    /** A metadata entry parsed as JSON. */
    static Object json(SafeTensorsFile file, String key) {
        return NnFixtures.json(file, key);
    }

    static Map<String, Object> object(Object json) {
        return NnFixtures.object(json);
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
        return NnFixtures.number(args, key);
    }

    static int[] ints(Object json) {
        return list(json).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    static double[] doubles(Object json) {
        return list(json).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    /** Same shape, and max |actual − expected| ≤ {@link #TOLERANCE} · max |expected|. */
    static void assertClose(Tensor expected, Tensor actual, String what) {
        NnFixtures.assertClose(expected, actual, what);
    }
}
