package dev.claritas.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads the files of {@code tools/make_loss_fixtures.py}. Their references were computed in float64 and
 * stored as float32, from inputs float32 (or float16) holds exactly, so a float32 computation here
 * differs from them by its own rounding only.
 */
final class LossFixtures {
    static final Path DIR = Path.of("src/test/resources/fixtures/losses");
    private static final String SUFFIX = ".safetensors";

    /** SSIM values are compared absolutely: they lie in [−1, 1]. */
    static final double SSIM_TOLERANCE = 1e-5;

    private LossFixtures() {}

    /** The names of the fixtures starting with {@code prefix}, sorted. */
    static List<String> names(String prefix) {
        try (var files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SafeTensorsFile read(String name) {
        return NnFixtures.read(DIR, name);
    }

    static Tensor tensor(SafeTensorsFile file, String key) {
        return NnFixtures.tensor(file, key);
    }

    static boolean has(SafeTensorsFile file, String key) {
        return file.tensors().containsKey(key);
    }

    static Map<String, Object> args(SafeTensorsFile file) {
        return NnFixtures.args(file);
    }

    /**
     * Back-propagates from {@code out}: from the scalar itself, or with the fixture's {@code proj} as the
     * output's gradient (the gradient of Σ out · proj) when the loss is unreduced.
     */
    static void backward(SafeTensorsFile file, Tensor out) {
        if (has(file, "proj")) {
            out.backward(tensor(file, "proj"), false);
        } else {
            out.backward();
        }
    }

    /** A scalar within {@link #SSIM_TOLERANCE} of the reference. */
    static void assertSsimClose(Tensor expected, Tensor actual, String what) {
        assertEquals(0, actual.rank(), what + ": a scalar");
        assertEquals(expected.item(), actual.item(), SSIM_TOLERANCE, what);
    }
}
