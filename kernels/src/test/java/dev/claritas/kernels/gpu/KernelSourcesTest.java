package dev.claritas.kernels.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.tensor.spi.BinaryOp;
import dev.claritas.tensor.spi.Distribution;
import dev.claritas.tensor.spi.ReduceOp;
import dev.claritas.tensor.spi.UnaryOp;
import dev.claritas.tensor.spi.UpsampleMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The kernel sources agree with the Java side, and the build compiled every one of them for CUDA. */
class KernelSourcesTest {
    private static final Path SOURCES = Path.of("src/main/resources/dev/claritas/kernels/gpu");

    @Test
    void opCodesAreTheEnumOrdinals() {
        Map<String, Integer> defined = new HashMap<>();
        Matcher m = Pattern.compile("#define (\\w+) (\\d+)").matcher(KernelSources.read("ops.h"));
        while (m.find()) {
            defined.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        check(defined, "UNARY_", UnaryOp.values());
        check(defined, "BINARY_", BinaryOp.values());
        check(defined, "REDUCE_", ReduceOp.values());
        check(defined, "DIST_", Distribution.values());
        check(defined, "UPSAMPLE_", UpsampleMode.values());
    }

    private static void check(Map<String, Integer> defined, String prefix, Enum<?>[] values) {
        for (Enum<?> e : values) {
            assertEquals(e.ordinal(), defined.get(prefix + e.name()), "ops.h: " + prefix + e.name());
        }
        assertEquals(values.length, defined.keySet().stream().filter(k -> k.startsWith(prefix)).count(),
                "ops.h has codes for " + prefix + " that the enum lacks");
    }

    @Test
    void everySourceIsCompiledToPtxForEachOfItsDtypes() throws IOException {
        assumeTrue(getClass().getResource("/dev/claritas/kernels/cuda/ptx/copy_float.ptx") != null,
                "built without nvcc: no PTX to check (the build said so)");
        for (Path cl : sources()) {
            String name = cl.getFileName().toString().replace(".cl", "");
            for (String dtype : dtypes(cl)) {
                String ptx = resource("/dev/claritas/kernels/cuda/ptx/" + name + "_" + dtype + ".ptx");
                assertNotNull(ptx, name + "_" + dtype + ".ptx is missing");
                assertFalse(entries(ptx).isEmpty(), name + "_" + dtype + ".ptx has no kernels");
            }
        }
    }

    /** A kernel the PTX lacks would fail on CUDA only (extern "C" is what keeps the names unmangled). */
    @Test
    void thePtxExportsEveryDeclaredKernelUnderItsName() throws IOException {
        assumeTrue(getClass().getResource("/dev/claritas/kernels/cuda/ptx/copy_float.ptx") != null,
                "built without nvcc: no PTX to compare");
        for (Path cl : sources()) {
            String text = Files.readString(cl);
            String name = cl.getFileName().toString().replace(".cl", "");
            String ptx = resource("/dev/claritas/kernels/cuda/ptx/" + name + "_" + dtypes(cl)[0] + ".ptx");
            TreeSet<String> declared = new TreeSet<>();
            Matcher m = Pattern.compile("KERNEL void (\\w+)\\(").matcher(text);
            while (m.find()) {
                if (!m.group(1).equals(m.group(1).toUpperCase(Locale.ROOT))) {   // not a macro parameter
                    declared.add(m.group(1));
                }
            }
            TreeSet<String> exported = entries(ptx);
            assertTrue(exported.containsAll(declared), name + ": declared " + declared + ", PTX exports " + exported);
        }
    }

    private static Iterable<Path> sources() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".cl")).sorted().toList();
        }
    }

    static String[] dtypes(Path cl) throws IOException {
        String first = Files.readAllLines(cl).getFirst();
        Matcher m = Pattern.compile("dtypes:([a-z ]+)").matcher(first);
        assertTrue(m.find(), cl + ": first line must list its dtypes");
        return m.group(1).trim().split(" +");
    }

    private static TreeSet<String> entries(String ptx) {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\.entry (\\w+)\\(").matcher(ptx);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private String resource(String path) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
