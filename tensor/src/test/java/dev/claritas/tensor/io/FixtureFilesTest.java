package dev.claritas.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the layout of the PyTorch op fixtures that tools/make_fixtures.py writes (see
 * tools/README.md): every file has its inputs, outputs, projections, gradients and metadata, and
 * they fit together. Whether the ops reproduce the values is tested where the ops live.
 */
class FixtureFilesTest {

    /** Relative to the tensor module, the working directory of its tests. */
    private static final Path FIXTURES = Path.of("../kernels/src/test/resources/fixtures/ops");

    private static final Set<String> METADATA_KEYS = Set.of("op", "args", "views", "grad_inputs", "note");

    @TestFactory
    Stream<DynamicTest> everyFixtureIsComplete() throws IOException {
        assertTrue(Files.isDirectory(FIXTURES), "no fixture directory at " + FIXTURES.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> listing = Files.list(FIXTURES)) {
            files = listing.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no fixtures in " + FIXTURES.toAbsolutePath());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path path) throws IOException {
        SafeTensorsFile file = SafeTensors.read(path);
        Map<String, String> meta = file.metadata();
        assertEquals(METADATA_KEYS, meta.keySet(), "metadata keys");
        String fileName = path.getFileName().toString();
        assertTrue(fileName.startsWith(meta.get("op") + "__"), "file name starts with the op, " + meta.get("op"));
        assertInstanceOf(Map.class, Json.parse(meta.get("args")), "args is a JSON object");

        List<RawTensor> inputs = numbered(file, "in");
        assertFalse(inputs.isEmpty(), "has in0");
        for (RawTensor in : inputs) {
            assertTrue(Set.of("F32", "I64", "BOOL").contains(in.dtype()), "input dtype " + in.dtype());
        }
        checkViews(Json.parse(meta.get("views")), inputs);
        checkOutputs(file);
        checkGradients(file, Json.parse(meta.get("grad_inputs")), inputs);
        checkNoStrayTensors(file, inputs.size());
    }

    /** Either a single "out" (with "proj" if float) or out0, out1, ... (with proj0, ... for float ones). */
    private static void checkOutputs(SafeTensorsFile file) {
        if (file.tensors().containsKey("out")) {
            assertFalse(file.tensors().containsKey("out0"), "both out and out0");
            checkProjection(file, "out", "proj");
            return;
        }
        List<RawTensor> outs = numbered(file, "out");
        assertTrue(outs.size() >= 2, "has out, or out0 and out1");
        for (int k = 0; k < outs.size(); k++) {
            checkProjection(file, "out" + k, "proj" + k);
        }
    }

    private static void checkProjection(SafeTensorsFile file, String out, String proj) {
        RawTensor o = file.tensor(out);
        if (o.dtype().equals("F32")) {
            RawTensor p = file.tensor(proj);
            assertEquals("F32", p.dtype(), proj + " dtype");
            assertArrayEquals(o.shape(), p.shape(), proj + " has the shape of " + out);
        } else {
            assertTrue(Set.of("I64", "BOOL").contains(o.dtype()), out + " dtype " + o.dtype());
            assertFalse(file.tensors().containsKey(proj), "no projection for non-float " + out);
        }
    }

    private static void checkGradients(SafeTensorsFile file, Object gradInputs, List<RawTensor> inputs) {
        List<?> indices = assertInstanceOf(List.class, gradInputs, "grad_inputs is a JSON list");
        Set<Integer> withGradient = new HashSet<>();
        for (Object index : indices) {
            int i = Math.toIntExact(assertInstanceOf(Long.class, index, "grad_inputs holds integers"));
            assertTrue(i >= 0 && i < inputs.size(), "grad_inputs index " + i + " names an input");
            assertEquals("F32", inputs.get(i).dtype(), "in" + i + " has a gradient, so it is float");
            RawTensor grad = file.tensor("grad" + i);
            assertEquals("F32", grad.dtype(), "grad" + i + " dtype");
            assertArrayEquals(inputs.get(i).shape(), grad.shape(), "grad" + i + " has the shape of in" + i);
            withGradient.add(i);
        }
        boolean anyFloatOutput = file.tensors().keySet().stream().anyMatch(n -> n.startsWith("proj"));
        assertTrue(withGradient.isEmpty() || anyFloatOutput, "gradients need a float output");
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(withGradient.contains(i), file.tensors().containsKey("grad" + i),
                    "grad" + i + " is present exactly when grad_inputs lists " + i);
        }
    }

    /** Views are {input index: [[name, args...], ...]}; applying them to the base shapes must work. */
    private static void checkViews(Object views, List<RawTensor> inputs) {
        Map<?, ?> byInput = assertInstanceOf(Map.class, views, "views is a JSON object");
        for (Map.Entry<?, ?> e : byInput.entrySet()) {
            int i = Integer.parseInt((String) e.getKey());
            assertTrue(i >= 0 && i < inputs.size(), "views key " + i + " names an input");
            int[] shape = inputs.get(i).shape();
            for (Object transform : assertInstanceOf(List.class, e.getValue(), "views of in" + i + " is a list")) {
                shape = applyView(shape, assertInstanceOf(List.class, transform, "a view transform is a list"));
            }
        }
    }

    /** The shape after one view transform; fails on a malformed or inapplicable transform. */
    private static int[] applyView(int[] shape, List<?> t) {
        String name = (String) t.getFirst();
        List<Object> args = new ArrayList<>(t.subList(1, t.size()));
        switch (name) {
            case "permute" -> {
                int[] dims = ints(args.getFirst());
                int[] out = new int[dims.length];
                assertEquals(shape.length, dims.length, "permute " + args + " on " + Arrays.toString(shape));
                for (int d = 0; d < dims.length; d++) {
                    out[d] = shape[dims[d]];
                }
                return out;
            }
            case "transpose" -> {
                int[] out = shape.clone();
                int a = dim(args.get(0), shape.length);
                int b = dim(args.get(1), shape.length);
                out[a] = shape[b];
                out[b] = shape[a];
                return out;
            }
            case "narrow" -> {
                int d = dim(args.get(0), shape.length);
                long start = (Long) args.get(1);
                long length = (Long) args.get(2);
                assertTrue(start >= 0 && length >= 0 && start + length <= shape[d], "narrow " + args + " on "
                        + Arrays.toString(shape));
                int[] out = shape.clone();
                out[d] = (int) length;
                return out;
            }
            case "expand" -> {
                int[] sizes = ints(args.getFirst());
                int lead = sizes.length - shape.length;
                assertTrue(lead >= 0, "expand " + args + " keeps every dimension");
                for (int d = 0; d < shape.length; d++) {
                    int s = sizes[lead + d];
                    assertTrue(s == -1 || s == shape[d] || shape[d] == 1, "expand " + args + " on " + Arrays.toString(shape));
                    sizes[lead + d] = s == -1 ? shape[d] : s;
                }
                return sizes;
            }
            case "unsqueeze" -> {
                int d = dim(args.getFirst(), shape.length + 1);
                int[] out = new int[shape.length + 1];
                for (int i = 0, j = 0; i < out.length; i++) {
                    out[i] = i == d ? 1 : shape[j++];
                }
                return out;
            }
            default -> {
                return fail("unknown view transform " + name);
            }
        }
    }

    private static int dim(Object value, int rank) {
        int d = Math.toIntExact((Long) value);
        assertTrue(d >= -rank && d < rank, "dimension " + d + " for rank " + rank);
        return d < 0 ? d + rank : d;
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(v -> Math.toIntExact((Long) v)).toArray();
    }

    /** prefix0, prefix1, ... while they exist. */
    private static List<RawTensor> numbered(SafeTensorsFile file, String prefix) {
        List<RawTensor> out = new ArrayList<>();
        for (int i = 0; file.tensors().containsKey(prefix + i); i++) {
            out.add(file.tensor(prefix + i));
        }
        return out;
    }

    private static void checkNoStrayTensors(SafeTensorsFile file, int inputCount) {
        for (String name : file.tensors().keySet()) {
            assertTrue(name.matches("in\\d+|out\\d*|proj\\d*|grad\\d+"), "unexpected tensor " + name);
            if (name.startsWith("in")) {
                assertTrue(Integer.parseInt(name.substring(2)) < inputCount, "inputs are numbered from 0 without gaps");
            }
        }
    }
}
