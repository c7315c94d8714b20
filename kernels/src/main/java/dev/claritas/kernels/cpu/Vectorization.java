package dev.claritas.kernels.cpu;

/**
 * Whether the JDK Vector API ({@code jdk.incubator.vector}) can be used. Without
 * {@code --add-modules jdk.incubator.vector} the CPU kernels take their scalar paths and this class
 * says once how to turn the vector path on. {@code -Dclaritas.vector=false} forces the scalar path
 * (for benchmarks of both twins).
 */
public final class Vectorization {
    /** True when the vector kernels may run. */
    public static final boolean ENABLED = detect();

    private Vectorization() {}

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("claritas.vector", "true"))) {
            return false;
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            System.err.println("claritas: CPU kernels run scalar loops; start the JVM with"
                    + " --add-modules jdk.incubator.vector for the vectorised path");
        }
        return present;
    }
}
