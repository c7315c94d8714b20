package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertSameBitsWithOneAndFourThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GemmTest {
    /**
     * {m, n, k}: tiny, sizes that are not multiples of the vector width or register tile, an exact
     * 6×32 tile, k past one packed slice (256) and m, n past one parallel block (96 × 256).
     */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 37, 5}, {7, 13, 5}, {6, 32, 256}, {17, 33, 31}, {37, 70, 300}, {101, 290, 270},
            // several parallel blocks each way (MC = 192 rows, NC = 512 columns), with edges, k past one slice
            {200, 530, 300},
            // fewer rows than a register tile: columns in chunks, pairs of vectors and a scalar tail
            {3, 1100, 40}, {5, 77, 3}, {2, 40, 1},
    };

    /** A matrix stored with padding around it: offset 3 and two spare elements per row. */
    private record Stored(float[] f, double[] d, int off, int ld) {
        static Stored random(Random random, int rows, int cols) {
            int ld = cols + 2;
            int off = 3;
            float[] f = new float[off + rows * ld + 1];
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = random.nextFloat() * 2 - 1;
                d[i] = random.nextDouble() * 2 - 1;
            }
            return new Stored(f, d, off, ld);
        }
    }

    private record Problem(boolean transA, boolean transB, int m, int n, int k, Stored a, Stored b, Stored c) {
        static Problem random(long seed, boolean transA, boolean transB, int m, int n, int k) {
            Random random = new Random(seed);
            return new Problem(transA, transB, m, n, k,
                    Stored.random(random, transA ? k : m, transA ? m : k),
                    Stored.random(random, transB ? n : k, transB ? k : n),
                    Stored.random(random, m, n));
        }

        double a(int i, int p, boolean single) {
            int at = a.off + (transA ? p * a.ld + i : i * a.ld + p);
            return single ? a.f[at] : a.d[at];
        }

        double b(int p, int j, boolean single) {
            int at = b.off + (transB ? j * b.ld + p : p * b.ld + j);
            return single ? b.f[at] : b.d[at];
        }

        float[] runFloat(boolean accumulate) {
            float[] out = c.f.clone();
            Gemm.gemm(transA, transB, m, n, k, a.f, a.off, a.ld, b.f, b.off, b.ld, out, c.off, c.ld, accumulate);
            return out;
        }

        double[] runDouble(boolean accumulate) {
            double[] out = c.d.clone();
            Gemm.gemm(transA, transB, m, n, k, a.d, a.off, a.ld, b.d, b.off, b.ld, out, c.off, c.ld, accumulate);
            return out;
        }

        /** Checks every element of C against a double-precision triple loop, and that the padding is untouched. */
        void check(float[] got32, double[] got64, boolean accumulate, double relTol) {
            boolean single = got32 != null;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = c.off + i * c.ld + j;
                    double start = single ? c.f[at] : c.d[at];
                    double sum = accumulate ? start : 0;
                    double magnitude = accumulate ? Math.abs(start) : 0;
                    for (int p = 0; p < k; p++) {
                        double term = a(i, p, single) * b(p, j, single);
                        sum += term;
                        magnitude += Math.abs(term);
                    }
                    double got = single ? got32[at] : got64[at];
                    assertEquals(sum, got, relTol * magnitude,
                            () -> this + " accumulate=" + accumulate + " at (" + at + ")");
                }
            }
            for (int at = 0; at < c.f.length; at++) {
                int row = (at - c.off) / c.ld;
                int col = (at - c.off) % c.ld;
                boolean inside = at >= c.off && row < m && col < n;
                if (!inside) {
                    assertEquals(single ? c.f[at] : c.d[at], single ? got32[at] : got64[at], 0.0,
                            "padding of C changed at " + at);
                }
            }
        }

        @Override
        public String toString() {
            return "gemm(transA=" + transA + ", transB=" + transB + ", m=" + m + ", n=" + n + ", k=" + k + ")";
        }
    }

    @FunctionalInterface
    private interface CaseBody {
        void run(Problem problem, boolean accumulate);
    }

    /**
     * Every shape of {@link #SHAPES} with every combination of transA, transB and accumulate, each a
     * random problem of its own seed, counting up from {@code firstSeed}.
     */
    private static void forEachCase(long firstSeed, CaseBody body) {
        long seed = firstSeed;
        for (int[] s : SHAPES) {
            for (int variant = 0; variant < 8; variant++) {
                boolean transA = (variant & 1) != 0;
                boolean transB = (variant & 2) != 0;
                boolean accumulate = (variant & 4) != 0;
                body.run(Problem.random(seed++, transA, transB, s[0], s[1], s[2]), accumulate);
            }
        }
    }

    @Test
    void floatMatchesDoubleReference() {
        forEachCase(1, (problem, accumulate) -> problem.check(problem.runFloat(accumulate), null, accumulate, 1e-5));
    }

    @Test
    void doubleMatchesReference() {
        forEachCase(100,
                (problem, accumulate) -> problem.check(null, problem.runDouble(accumulate), accumulate, 1e-12));
    }

    /** Both paths run one fused multiply-add chain per element in the same order, so they agree exactly. */
    @Test
    void vectorPathEqualsScalarPathBitwise() {
        assumeTrue(Vectorization.ENABLED, "needs --add-modules jdk.incubator.vector");
        forEachCase(200, (p, accumulate) -> {
            float[] vector = p.c.f.clone();
            float[] scalar = p.c.f.clone();
            GemmVector.gemm(p.transA, p.transB, p.m, p.n, p.k, p.a.f, p.a.off, p.a.ld, p.b.f, p.b.off, p.b.ld,
                    vector, p.c.off, p.c.ld, accumulate);
            GemmScalar.gemm(p.transA, p.transB, p.m, p.n, p.k, p.a.f, p.a.off, p.a.ld, p.b.f, p.b.off, p.b.ld,
                    scalar, p.c.off, p.c.ld, accumulate);
            assertArrayEquals(scalar, vector, p + " accumulate=" + accumulate);
        });
    }

    /** Three row blocks: one thread packs them as one group, four threads as three. */
    @Test
    void resultBitsDoNotDependOnThreadCount() throws Exception {
        Problem p = Problem.random(300, false, true, 450, 530, 300);
        float[] first = p.runFloat(true);
        assertArrayEquals(first, p.runFloat(true), "repeated run");
        assertSameBitsWithOneAndFourThreads(first, () -> p.runFloat(true), "float");
        assertSameBitsWithOneAndFourThreads(p.runDouble(false), () -> p.runDouble(false), "double");
    }

    @Test
    void emptyInnerSizeClearsOrKeepsC() {
        float[] c = {5f, 6f, 7f, 8f};
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {5f, 6f, 7f, 8f}, c);
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
        double[] d = {5, 6, 7, 8};
        Gemm.gemm(true, true, 2, 2, 0, new double[0], 0, 2, new double[0], 0, 0, d, 0, 2, false);
        assertArrayEquals(new double[4], d);
    }

    @Test
    void rejectsMatricesOutsideTheirArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 3, 4, new float[7], 0, 4, new float[12], 0, 3,
                        new float[6], 0, 3, false));
        assertTrue(e.getMessage().contains("matrix A"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 3, 4, new float[8], 0, 4, new float[12], 0, 2,
                        new float[6], 0, 3, false));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 3, 4, new double[8], 0, 4, new double[12], 0, 3,
                        new double[6], 1, 3, false));
    }
}
