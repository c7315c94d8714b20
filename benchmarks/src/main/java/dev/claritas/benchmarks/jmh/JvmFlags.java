package dev.claritas.benchmarks.jmh;

/** JVM arguments of the forks, as constants because annotations can only take constants. */
final class JvmFlags {
    /** With the next argument, enables the Vector API in the forked JVM. */
    static final String ADD_MODULES = "--add-modules";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Makes the CPU kernels take their scalar paths (read by {@code kernels.cpu.Vectorization}). */
    static final String SCALAR = "-Dclaritas.vector=false";

    private JvmFlags() {}
}
