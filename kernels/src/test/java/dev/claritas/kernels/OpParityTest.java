package dev.claritas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.Json;
import dev.claritas.tensor.io.RawTensor;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op against PyTorch: replays each fixture written by {@code tools/make_fixtures.py}
 * (inputs, view transforms, arguments), compares the outputs, then back-propagates the fixture's
 * random projection and compares the gradients, on every available device.
 *
 * <p>Tolerance: the largest absolute difference, relative to the largest magnitude of the
 * reference, must stay under 1e-5 (float32 arithmetic in a different summation order than PyTorch's).
 */
class OpParityTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/ops");
    static final double TOLERANCE = 1e-5;

    static Stream<Arguments> cases() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(FIXTURES)) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        assertTrue(files.size() > 100, "expected the op fixtures under " + FIXTURES.toAbsolutePath());
        return Backends.devices().stream()
                .flatMap(d -> files.stream().map(f -> Arguments.of(d, f.getFileName().toString().replace(".safetensors", ""))));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void matchesPyTorch(Device device, String name) throws IOException {
        SafeTensorsFile file = SafeTensors.read(FIXTURES.resolve(name + ".safetensors"));
        Map<String, String> meta = file.metadata();
        String op = meta.get("op");
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) Json.parse(meta.get("args"));
        @SuppressWarnings("unchecked")
        Map<String, Object> views = (Map<String, Object>) Json.parse(meta.get("views"));
        List<Long> gradInputs = longs(Json.parse(meta.get("grad_inputs")));

        List<Tensor> bases = new ArrayList<>();
        for (int i = 0; file.tensors().containsKey("in" + i); i++) {
            Tensor t = TensorFiles.fromRaw(file.tensor("in" + i)).to(device);
            if (gradInputs.contains((long) i)) {
                t.requiresGrad(true);
            }
            bases.add(t);
        }
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            inputs.add(FixtureOps.applyViews(bases.get(i), views.get(Integer.toString(i))));
        }

        List<Tensor> outputs = FixtureOps.run(op, inputs, args);
        List<String> outNames = file.tensors().containsKey("out") ? List.of("out") : numbered(file, "out");
        assertEquals(outNames.size(), outputs.size(), name + ": number of outputs");
        Tensor loss = null;
        for (int k = 0; k < outputs.size(); k++) {
            RawTensor expected = file.tensor(outNames.get(k));
            Tensor actual = outputs.get(k);
            assertArrayEquals(expected.shape(), actual.shape().toArray(), name + ": shape of " + outNames.get(k));
            compare(name + " " + outNames.get(k), expected, actual);
            String projName = outNames.get(k).replace("out", "proj");
            if (file.tensors().containsKey(projName) && actual.dtype().isFloatingPoint()) {
                Tensor term = actual.mul(TensorFiles.fromRaw(file.tensor(projName)).to(device)).sum();
                loss = loss == null ? term : loss.add(term);
            }
        }
        if (gradInputs.isEmpty()) {
            return;
        }
        assertNotNull(loss, name + ": a differentiable fixture needs a projection");
        loss.backward();
        for (long i : gradInputs) {
            Tensor grad = bases.get((int) i).grad();
            assertNotNull(grad, name + ": no gradient reached input " + i);
            compare(name + " grad" + i, file.tensor("grad" + i), grad);
        }
    }

    private static void compare(String what, RawTensor expected, Tensor actual) {
        if (expected.dtype().equals("BOOL")) {
            assertArrayEquals(expected.toBooleans(), actual.toBooleanArray(), what);
            return;
        }
        if (expected.dtype().equals("I64")) {
            assertArrayEquals(expected.toLongs(), actual.toLongArray(), what);
            return;
        }
        double[] e = expected.toDoubles();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what + ": element count");
        double scale = 0, worst = 0;
        int worstAt = -1;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            double d = Math.abs(e[i] - a[i]);
            if (!(d <= worst)) { // also catches NaN
                worst = d;
                worstAt = i;
            }
        }
        double relative = worst / Math.max(scale, 1e-30);
        int at = worstAt;
        assertTrue(relative <= TOLERANCE || worst == 0, () -> what + ": relative error " + relative + " at element " + at
                + " (expected " + e[at] + ", got " + a[at] + ")");
    }

    private static List<String> numbered(SafeTensorsFile file, String prefix) {
        List<String> names = new ArrayList<>();
        for (int i = 0; file.tensors().containsKey(prefix + i); i++) {
            names.add(prefix + i);
        }
        return names;
    }

    static List<Long> longs(Object json) {
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) json) {
            out.add(((Number) o).longValue());
        }
        return out;
    }

    static int[] ints(Object json) {
        if (json instanceof Number n) {
            return new int[] {n.intValue()};
        }
        return ((List<?>) json).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }
}
