package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertEachWithin;
import static dev.claritas.kernels.cpu.KernelTestSupport.dot;
import static dev.claritas.kernels.cpu.KernelTestSupport.assertAvgPoolMatchesWindows;
import static dev.claritas.kernels.cpu.KernelTestSupport.assertMaxPoolMatchesWindows;
import static dev.claritas.kernels.cpu.KernelTestSupport.narrow;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomDoubles;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomFloats;
import static dev.claritas.kernels.cpu.KernelTestSupport.t;
import static dev.claritas.kernels.cpu.KernelTestSupport.widen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.kernels.cpu.KernelTestSupport.PoolCase;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolingTest {
    private static final float NAN = Float.NaN;
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    /** {@code (torch.arange(1, 36) * 37 % 11 - 5).reshape(1, 1, 5, 7)}, the input of the torch cases below. */
    private static final float[] X57 = {
            -1, 3, -4, 0, 4, -3, 1,
            5, -2, 2, -5, -1, 3, -4,
            0, 4, -3, 1, 5, -2, 2,
            -5, -1, 3, -4, 0, 4, -3,
            1, 5, -2, 2, -5, -1, 3,
    };

    /** A pooling shape with PyTorch's parameters. */
    private record Pool(int n, int c, int h, int w, int kh, int kw, int sH, int sW, int pH, int pW, boolean ceil) {
        int ho() {
            return PoolCase.outSize(h, kh, sH, pH, ceil);
        }

        int wo() {
            return PoolCase.outSize(w, kw, sW, pW, ceil);
        }

        int inSize() {
            return n * c * h * w;
        }

        int outSize() {
            return n * c * ho() * wo();
        }

        /** The same pooling as a 3-D one of depth 1, whose direct loops are the reference. */
        PoolCase as3d() {
            return new PoolCase(n, c, t(1, h, w), t(1, kh, kw), t(1, sH, sW), t(0, pH, pW), ceil);
        }
    }

    private static final Pool[] CASES = {
            new Pool(2, 3, 7, 9, 3, 2, 2, 3, 1, 1, true),
            new Pool(1, 2, 8, 8, 2, 2, 2, 2, 0, 0, false),
            new Pool(2, 2, 6, 5, 3, 3, 2, 2, 1, 1, true),
            new Pool(1, 3, 5, 10, 4, 5, 3, 3, 2, 2, true),
            new Pool(3, 1, 9, 4, 5, 1, 1, 1, 2, 0, false),
    };

    private static float[] maxPool(Pool p, float[] x, long[] indices) {
        float[] out = new float[p.outSize()];
        Pooling.maxPool2d(x, out, indices, p.n, p.c, p.h, p.w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.ho(), p.wo());
        return out;
    }

    private static float[] avgPool(Pool p, float[] x, boolean countIncludePad) {
        float[] out = new float[p.outSize()];
        Pooling.avgPool2d(x, out, p.n, p.c, p.h, p.w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.ho(), p.wo(),
                countIncludePad);
        return out;
    }

    private static float[] avgPoolBackward(Pool p, float[] gradOut, boolean countIncludePad) {
        float[] gradIn = new float[p.inSize()];
        java.util.Arrays.fill(gradIn, NAN);
        Pooling.avgPool2dBackward(gradOut, gradIn, p.n, p.c, p.h, p.w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW,
                p.ho(), p.wo(), countIncludePad);
        return gradIn;
    }

    // ---- cases checked against PyTorch 1.13 --------------------------------------------------------

    @Test
    void maxPoolCeilModeMatchesTorch() {
        // F.max_pool2d(x, (3, 2), (2, 2), (1, 1), ceil_mode=True, return_indices=True)
        Pool p = new Pool(1, 1, 5, 7, 3, 2, 2, 2, 1, 1, true);
        assertEquals(3, p.ho());
        assertEquals(4, p.wo());
        long[] indices = new long[12];
        assertArrayEquals(new float[] {5, 3, 4, 3, 5, 4, 5, 4, 1, 5, 2, 4}, maxPool(p, X57, indices));
        assertArrayEquals(new long[] {7, 1, 4, 12, 7, 15, 18, 26, 28, 29, 31, 26}, indices);
    }

    @Test
    void avgPoolMatchesTorch() {
        Pool ceil = new Pool(1, 1, 5, 7, 3, 2, 2, 2, 1, 1, true);
        // F.avg_pool2d(x, (3, 2), (2, 2), (1, 1), ceil_mode=True, count_include_pad=True)
        assertArrayEquals(new float[] {0.6666666865348816f, -0.1666666716337204f, -0.3333333432674408f, -0.5f,
                0.0f, 0.5f, -0.6666666865348816f, 0.0f, -0.6666666865348816f, 0.8333333134651184f,
                -1.1666666269302368f, 0.5f}, avgPool(ceil, X57, true), 1e-7f);
        // F.avg_pool2d(x, (3, 2), (2, 2), (1, 1), ceil_mode=True, count_include_pad=False)
        assertArrayEquals(new float[] {2.0f, -0.25f, -0.5f, -0.75f, 0.0f, 0.5f, -0.6666666865348816f, 0.0f,
                -2.0f, 1.25f, -1.75f, 0.75f}, avgPool(ceil, X57, false), 1e-7f);
        // F.avg_pool2d(x, (3, 3), (2, 2), (1, 1), ceil_mode=False, count_include_pad=False)
        Pool floor = new Pool(1, 1, 5, 7, 3, 3, 2, 2, 1, 1, false);
        assertArrayEquals(new float[] {1.25f, -1.0f, -0.3333333432674408f, -0.75f, 0.1666666716337204f,
                -0.5555555820465088f, 0.1111111119389534f, 0.0f, 0.0f, 0.5f, -0.6666666865348816f, 0.75f},
                avgPool(floor, X57, false), 1e-7f);
    }

    @Test
    void avgPoolBackwardMatchesTorch() {
        // y = F.avg_pool2d(x, (3, 2), (2, 2), (1, 1), ceil_mode=True, count_include_pad=False);
        // y.backward(torch.arange(1, 13.).reshape(1, 1, 3, 4)); x.grad
        Pool p = new Pool(1, 1, 5, 7, 3, 2, 2, 2, 1, 1, true);
        float[] gradOut = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertArrayEquals(new float[] {
                0.5f, 0.5f, 0.5f, 0.75f, 0.75f, 1.0f, 1.0f,
                2.1666665077209473f, 1.5f, 1.5f, 1.9166666269302368f, 1.9166666269302368f, 2.3333334922790527f,
                2.3333334922790527f,
                1.6666666269302368f, 1.0f, 1.0f, 1.1666666269302368f, 1.1666666269302368f, 1.3333333730697632f,
                1.3333333730697632f,
                6.166666507720947f, 3.5f, 3.5f, 3.9166665077209473f, 3.9166665077209473f, 4.333333492279053f,
                4.333333492279053f,
                4.5f, 2.5f, 2.5f, 2.75f, 2.75f, 3.0f, 3.0f}, avgPoolBackward(p, gradOut, false), 1e-6f);
    }

    @Test
    void maxPoolNaNAndInfinityFollowTorch() {
        long[] indices = new long[4];
        // F.max_pool2d(torch.tensor([[[[1, nan, 3, nan], [5, 2, 0, 9]]]]), 2, 2, return_indices=True)
        Pool twoByTwo = new Pool(1, 1, 2, 4, 2, 2, 2, 2, 0, 0, false);
        assertArrayEquals(new float[] {NAN, NAN}, maxPool(twoByTwo, new float[] {1, NAN, 3, NAN, 5, 2, 0, 9}, indices));
        assertArrayEquals(new long[] {1, 3, 0, 0}, indices);
        // Several NaNs: the last one is taken.
        // F.max_pool2d(torch.tensor([[[[nan, 1, nan], [2, nan, 3]]]]), (2, 3), 1, return_indices=True) -> index 4
        Pool whole = new Pool(1, 1, 2, 3, 2, 3, 1, 1, 0, 0, false);
        assertArrayEquals(new float[] {NAN}, maxPool(whole, new float[] {NAN, 1, NAN, 2, NAN, 3}, indices));
        assertEquals(4, indices[0]);
        // All -inf: the index is the first input pixel of the (clipped) window.
        // F.max_pool2d(torch.full((1, 1, 3, 3), -inf), 3, 2, 1, return_indices=True) -> [[0, 1], [3, 4]]
        Pool padded = new Pool(1, 1, 3, 3, 3, 3, 2, 2, 1, 1, false);
        float[] infinities = new float[9];
        java.util.Arrays.fill(infinities, NEG_INF);
        assertArrayEquals(new float[] {NEG_INF, NEG_INF, NEG_INF, NEG_INF}, maxPool(padded, infinities, indices));
        assertArrayEquals(new long[] {0, 1, 3, 4}, indices);
        // Ties: the first maximum wins.
        // F.max_pool2d(torch.full((1, 1, 2, 2), 2.), 2, 1, 1, return_indices=True)
        Pool ties = new Pool(1, 1, 2, 2, 2, 2, 1, 1, 1, 1, false);
        long[] tieIndices = new long[9];
        maxPool(ties, new float[] {2, 2, 2, 2}, tieIndices);
        assertArrayEquals(new long[] {0, 0, 1, 0, 0, 1, 2, 2, 3}, tieIndices);
    }

    // ---- random cases against direct loops over the padded windows ------------------------------------

    @Test
    void maxPoolMatchesDirectLoops() {
        Random random = new Random(1);
        for (Pool p : CASES) {
            float[] x = randomFloats(random, p.inSize());
            long[] indices = new long[p.outSize()];
            float[] out = maxPool(p, x, indices);
            long[] indicesD = new long[p.outSize()];
            double[] outD = new double[p.outSize()];
            Pooling.maxPool2d(widen(x), outD, indicesD, p.n, p.c, p.h, p.w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW,
                    p.ho(), p.wo());
            assertMaxPoolMatchesWindows(p.as3d(), x, out, indices, outD, indicesD, p.toString());
        }
    }

    @Test
    void avgPoolMatchesDirectLoops() {
        Random random = new Random(2);
        for (Pool p : CASES) {
            for (boolean includePad : new boolean[] {true, false}) {
                float[] x = randomFloats(random, p.inSize());
                float[] out = avgPool(p, x, includePad);
                double[] outD = new double[p.outSize()];
                Pooling.avgPool2d(widen(x), outD, p.n, p.c, p.h, p.w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.ho(),
                        p.wo(), includePad);
                assertAvgPoolMatchesWindows(p.as3d(), x, includePad, out, outD, p + " includePad=" + includePad);
            }
        }
    }

    /** {@code <avgPool(x), g> = <x, avgPoolBackward(g)>}, in double. */
    @Test
    void avgPoolBackwardIsTheAdjoint() {
        Random random = new Random(3);
        for (Pool p : CASES) {
            for (boolean includePad : new boolean[] {true, false}) {
                double[] x = randomDoubles(random, p.inSize());
                double[] g = randomDoubles(random, p.outSize());
                double[] out = new double[p.outSize()];
                Pooling.avgPool2d(x, out, p.n, p.c, p.h, p.w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.ho(), p.wo(),
                        includePad);
                double[] gradIn = new double[p.inSize()];
                java.util.Arrays.fill(gradIn, Double.NaN);
                Pooling.avgPool2dBackward(g, gradIn, p.n, p.c, p.h, p.w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.ho(),
                        p.wo(), includePad);
                assertEquals(dot(out, g), dot(x, gradIn), 1e-12 * x.length, p + " includePad=" + includePad);

                float[] gradInF = avgPoolBackward(p, narrow(g), includePad);
                assertEachWithin(gradIn, gradInF, 1e-5, p + " float");
            }
        }
    }

    @Test
    void rejectsWindowsOutsideTheInput() {
        // ho = 3 asks for a window starting in the bottom padding.
        assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool2d(new float[4], new float[6], new long[6],
                1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Pooling.avgPool2d(new double[4], new double[1],
                1, 1, 2, 2, 2, 2, 2, 2, 2, 0, 1, 1, true));
    }
    /** The 2×2 stride-2 fast path against the general loops (3-D pooling of depth 1), bit for bit. */
    @Test
    void twoByTwoFastPathMatchesGeneralLoops() {
        Random random = new Random(7);
        int n = 2, c = 3, h = 7, w = 9, ho = 3, wo = 4;
        float[] x = new float[n * c * h * w];
        float[] specials = {NAN, NEG_INF, Float.POSITIVE_INFINITY, -0f, 0f, 1f, 1f};
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)] : random.nextInt(5) - 2;
        }
        double[] xd = widen(x);
        int[] size = {1, h, w}, kernel = {1, 2, 2}, stride = {1, 2, 2}, pad = {0, 0, 0}, outSize = {1, ho, wo};
        int outLength = n * c * ho * wo;

        float[] fast = new float[outLength], general = new float[outLength];
        long[] fastIdx = new long[outLength], generalIdx = new long[outLength];
        Pooling.maxPool2d(x, fast, fastIdx, n, c, h, w, 2, 2, 2, 2, 0, 0, ho, wo);
        Pooling.maxPool3d(x, general, generalIdx, n, c, size, kernel, stride, pad, outSize);
        assertArrayEquals(general, fast);
        assertArrayEquals(generalIdx, fastIdx);
        double[] fastD = new double[outLength], generalD = new double[outLength];
        Pooling.maxPool2d(xd, fastD, fastIdx, n, c, h, w, 2, 2, 2, 2, 0, 0, ho, wo);
        Pooling.maxPool3d(xd, generalD, generalIdx, n, c, size, kernel, stride, pad, outSize);
        assertArrayEquals(generalD, fastD);
        assertArrayEquals(generalIdx, fastIdx);

        for (boolean includePad : new boolean[] {true, false}) {
            Pooling.avgPool2d(x, fast, n, c, h, w, 2, 2, 2, 2, 0, 0, ho, wo, includePad);
            Pooling.avgPool3d(x, general, n, c, size, kernel, stride, pad, outSize, includePad);
            assertArrayEquals(general, fast);
            Pooling.avgPool2d(xd, fastD, n, c, h, w, 2, 2, 2, 2, 0, 0, ho, wo, includePad);
            Pooling.avgPool3d(xd, generalD, n, c, size, kernel, stride, pad, outSize, includePad);
            assertArrayEquals(generalD, fastD);
        }
    }

    /**
     * Without indices (no gradient to take) every path gives the maxima it gives with them: the 2×2
     * vector and scalar loops (a row of 40 takes whole vectors and a tail), the general windows in
     * 2-D and 3-D, float and double.
     */
    @Test
    void maxPoolWithoutIndicesGivesTheSameMaxima() {
        Random random = new Random(11);
        int n = 2, c = 3, h = 12, w = 40;
        float[] x = specialValues(random, n * c * h * w);
        double[] xd = widen(x);
        Pool twoByTwo = new Pool(n, c, h, w, 2, 2, 2, 2, 0, 0, false), general = new Pool(n, c, h, w, 3, 2, 2, 3, 1, 1, true);
        for (Pool p : new Pool[] {twoByTwo, general}) {
            float[] withIndices = maxPool(p, x, new long[p.outSize()]);
            assertSameBits(withIndices, maxPool(p, x, null), p + " float");
            double[] outD = new double[p.outSize()], outNoIndices = new double[p.outSize()];
            Pooling.maxPool2d(xd, outD, new long[p.outSize()], n, c, h, w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.ho(), p.wo());
            Pooling.maxPool2d(xd, outNoIndices, null, n, c, h, w, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.ho(), p.wo());
            assertArrayEquals(outD, outNoIndices, p + " double");
        }
        float[] scalar = new float[twoByTwo.outSize()], vector = new float[twoByTwo.outSize()];
        Pool2x2.maxPool(x, scalar, null, n * c, h, w, h / 2, w / 2, false);
        Pool2x2.maxPool(x, vector, new long[twoByTwo.outSize()], n * c, h, w, h / 2, w / 2, Vectorization.ENABLED);
        assertSameBits(vector, scalar, "2x2 scalar loop without indices");
        int[] size = {3, 4, 10}, kernel = {2, 3, 2}, stride = {1, 2, 2}, pad = {0, 1, 1}, outSize = {2, 2, 6};
        float[] x3 = specialValues(random, n * c * 3 * 4 * 10);
        float[] out3 = new float[n * c * 2 * 2 * 6], out3NoIndices = new float[out3.length];
        Pooling.maxPool3d(x3, out3, new long[out3.length], n, c, size, kernel, stride, pad, outSize);
        Pooling.maxPool3d(x3, out3NoIndices, null, n, c, size, kernel, stride, pad, outSize);
        assertSameBits(out3, out3NoIndices, "3-D");
    }

    /** Values with ties, signed zeros, infinities and NaNs of distinct payloads (which NaN a max takes shows). */
    private static float[] specialValues(Random random, int size) {
        float[] specials = {NEG_INF, Float.POSITIVE_INFINITY, -0f, 0f, 1f, -1f, Float.MIN_VALUE, -Float.MAX_VALUE};
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(8);
            x[i] = kind == 0 ? Float.intBitsToFloat(0x7fc00000 | random.nextInt(1 << 22)) // a NaN with a payload
                    : kind == 1 ? specials[random.nextInt(specials.length)]
                    : kind < 5 ? random.nextInt(5) - 2 // ties
                    : (float) random.nextGaussian();
        }
        return x;
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToRawIntBits(expected[i]), a = Float.floatToRawIntBits(actual[i]);
            if (e != a) {
                assertEquals(Integer.toHexString(e), Integer.toHexString(a), what + " at " + i);
            }
        }
    }

    /** Sums may differ from the reference only in a NaN's payload (which the JIT's operand order may pick). */
    private static void assertSameValues(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToIntBits(expected[i]), a = Float.floatToIntBits(actual[i]);
            if (e != a) {
                assertEquals(Integer.toHexString(e), Integer.toHexString(a), what + " at " + i);
            }
        }
    }

    /**
     * The 2×2 fast path's scalar loops and Vector API loops (vector bodies, the overlapping last
     * step, rows shorter than a vector), forward and the average's backward, against the general
     * loops bit for bit: the max takes the same element (same NaN payload) at the same index.
     */
    @Test
    void twoByTwoLoopsMatchGeneralLoopsBitwise() {
        Random random = new Random(11);
        int n = 1, c = 3;
        int[] heights = {2, 3, 6};
        int[] widths = {2, 3, 5, 30, 31, 32, 33, 34, 35, 47, 64, 65, 66, 67, 97, 130};
        boolean[] paths = Vectorization.ENABLED ? new boolean[] {false, true} : new boolean[] {false};
        for (int h : heights) {
            for (int w : widths) {
                int ho = h / 2, wo = w / 2, planes = n * c;
                int[] size = {1, h, w}, kernel = {1, 2, 2}, stride = {1, 2, 2}, pad = {0, 0, 0}, outSize = {1, ho, wo};
                float[] x = specialValues(random, planes * h * w);
                float[] g = specialValues(random, planes * ho * wo);
                float[] max = new float[planes * ho * wo], avg = new float[max.length];
                long[] maxIdx = new long[max.length];
                Pooling.maxPool3d(x, max, maxIdx, n, c, size, kernel, stride, pad, outSize);
                Pooling.avgPool3d(x, avg, n, c, size, kernel, stride, pad, outSize, true);
                float[] gradIn = new float[x.length];
                Pooling.avgPool3dBackward(g, gradIn, n, c, size, kernel, stride, pad, outSize, true);
                for (boolean vector : paths) {
                    String what = h + "x" + w + (vector ? " vector" : " scalar");
                    float[] out = new float[max.length];
                    long[] idx = new long[max.length];
                    Arrays.fill(idx, -7);
                    Pool2x2.maxPool(x, out, idx, planes, h, w, ho, wo, vector);
                    assertSameBits(max, out, "max " + what);
                    assertArrayEquals(maxIdx, idx, "max indices " + what);
                    Arrays.fill(out, NAN);
                    Pool2x2.avgPool(x, out, planes, h, w, ho, wo, vector);
                    assertSameValues(avg, out, "avg " + what);
                    float[] gi = new float[x.length];
                    Arrays.fill(gi, NAN);
                    Pool2x2.avgPoolBackward(g, gi, planes, h, w, ho, wo, vector);
                    assertSameValues(gradIn, gi, "avg backward " + what);
                }
                // and through the public 2-D entry points, which take the fast path
                float[] out = new float[max.length];
                long[] idx = new long[max.length];
                Pooling.maxPool2d(x, out, idx, n, c, h, w, 2, 2, 2, 2, 0, 0, ho, wo);
                assertSameBits(max, out, "maxPool2d " + h + "x" + w);
                assertArrayEquals(maxIdx, idx, "maxPool2d indices " + h + "x" + w);
                float[] gi = new float[x.length];
                Pooling.avgPool2dBackward(g, gi, n, c, h, w, 2, 2, 2, 2, 0, 0, ho, wo, false);
                assertSameValues(gradIn, gi, "avgPool2dBackward " + h + "x" + w);
            }
        }
    }
}
