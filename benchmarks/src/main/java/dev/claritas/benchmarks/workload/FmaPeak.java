package dev.claritas.benchmarks.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's single-precision FMA peak: a Vector API loop of fused multiply-adds on the widest
 * vectors, in enough independent chains to keep every FMA pipe busy despite the instruction's
 * latency (a core with two pipes and a latency of 4 needs 8; 16 also covers wider machines and
 * still fits the 32 vector registers of AVX-512). Nothing is loaded or stored inside the loop.
 */
public final class FmaPeak {
    /** Vector width used, the one the CPU kernels use too. */
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulator chains. */
    public static final int CHAINS = 16;

    private FmaPeak() {}

    /** Floating-point operations of {@link #run} with {@code iterations}: two per lane per FMA. */
    public static double flops(int iterations) {
        return 2.0 * CHAINS * SPECIES.length() * iterations;
    }

    /**
     * Runs {@code iterations} rounds of one FMA per chain. Each chain is {@code c = c·a + b} with a
     * just below one, so values converge instead of overflowing; the sum is returned so the work
     * cannot be optimised away.
     */
    public static float run(int iterations) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1e-6f);
        FloatVector c0 = FloatVector.broadcast(SPECIES, 0.1f), c1 = FloatVector.broadcast(SPECIES, 0.2f);
        FloatVector c2 = FloatVector.broadcast(SPECIES, 0.3f), c3 = FloatVector.broadcast(SPECIES, 0.4f);
        FloatVector c4 = FloatVector.broadcast(SPECIES, 0.5f), c5 = FloatVector.broadcast(SPECIES, 0.6f);
        FloatVector c6 = FloatVector.broadcast(SPECIES, 0.7f), c7 = FloatVector.broadcast(SPECIES, 0.8f);
        FloatVector c8 = FloatVector.broadcast(SPECIES, 0.9f), c9 = FloatVector.broadcast(SPECIES, 1.0f);
        FloatVector c10 = FloatVector.broadcast(SPECIES, 1.1f), c11 = FloatVector.broadcast(SPECIES, 1.2f);
        FloatVector c12 = FloatVector.broadcast(SPECIES, 1.3f), c13 = FloatVector.broadcast(SPECIES, 1.4f);
        FloatVector c14 = FloatVector.broadcast(SPECIES, 1.5f), c15 = FloatVector.broadcast(SPECIES, 1.6f);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            c12 = c12.fma(a, b); c13 = c13.fma(a, b); c14 = c14.fma(a, b); c15 = c15.fma(a, b);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7)
                .add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15);
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Measured GFLOP/s of {@code threads} threads running the loop at once for about
     * {@code seconds}: the best of several short rounds, after a warm-up that gets the loop compiled.
     */
    public static double gflops(int threads, double seconds) {
        int iterations = 1 << 22;
        for (int i = 0; i < 20; i++) {
            run(iterations / 16);
        }
        double best = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            do {
                List<Callable<Float>> tasks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    tasks.add(() -> run(iterations));
                }
                long start = System.nanoTime();
                float sink = 0;
                for (Future<Float> f : pool.invokeAll(tasks)) {
                    sink += f.get();
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (Float.isNaN(sink)) {
                    throw new AssertionError("unreachable: the chains converge");
                }
                best = Math.max(best, threads * flops(iterations) / elapsed / 1e9);
            } while (System.nanoTime() < deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the FMA peak", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("FMA peak measurement failed", e.getCause());
        }
        return best;
    }
}
