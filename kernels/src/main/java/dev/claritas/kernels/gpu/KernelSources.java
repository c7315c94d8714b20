package dev.claritas.kernels.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The kernel sources shipped in the jar under {@code dev/claritas/kernels/gpu/}. */
public final class KernelSources {
    private KernelSources() {}

    /** The text of a resource file, e.g. {@code "elementwise.cl"} or {@code "dialect.h"}. */
    public static String read(String file) {
        try (InputStream in = KernelSources.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + file + " is missing from the claritas-kernels jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A whole OpenCL program: the element-type definitions, the dialect and op-code headers, then
     * the kernel file — what nvcc sees through {@code -D} and {@code -include} at build time.
     */
    public static String program(String source, String typeDefines) {
        StringBuilder sb = new StringBuilder();
        for (String def : typeDefines.split(" ")) {
            String d = def.substring(2);
            int eq = d.indexOf('=');
            sb.append("#define ").append(eq < 0 ? d : d.substring(0, eq) + " " + d.substring(eq + 1)).append('\n');
        }
        return sb + read("dialect.h") + "\n" + read("ops.h") + "\n#line 1\n" + withIncludes(read(source + ".cl"));
    }

    /**
     * The text with each {@code #include "file.h"} line replaced by that resource: an OpenCL program
     * is one string and has no folder to include from (nvcc finds the header beside the source).
     */
    static String withIncludes(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("#include \"") && t.endsWith("\"")) {
                sb.append(read(t.substring("#include \"".length(), t.length() - 1))).append('\n');
            } else {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
