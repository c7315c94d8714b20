package dev.claritas.benchmarks.jmh;

import dev.claritas.kernels.cpu.Vectorization;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Guards the scalar and vector twins: a twin that silently ran the other path (a fork without the
 * Vector API, say) would report the wrong thing. Twin methods are named {@code ...Scalar} or
 * {@code scalar} for the scalar path; every other method expects the vector path.
 */
final class Twins {
    private Twins() {}

    /** Fails unless the CPU kernels take the path the running benchmark method is named for. */
    static void check(BenchmarkParams params) {
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        boolean wantsVector = !method.toLowerCase(Locale.ROOT).endsWith("scalar");
        if (wantsVector != Vectorization.ENABLED) {
            throw new IllegalStateException(method + " expects the " + (wantsVector ? "vector" : "scalar")
                    + " path but the kernels run the other one; check --add-modules " + JvmFlags.VECTOR_MODULE
                    + " and -Dclaritas.vector in the fork's arguments");
        }
    }
}
