package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertSameBitsWithOneAndFourThreads;
import static dev.claritas.kernels.cpu.KernelTestSupport.conv2dCase;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveWeightGrad;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomFloats;
import static dev.claritas.kernels.cpu.KernelTestSupport.rowMajorOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.kernels.cpu.KernelTestSupport.Reference;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The channels-last weight gradient against direct loops in double precision, and its bits across thread counts. */
class ConvChannelsLastWeightGradTest {
    /** Channel counts: single channels, fewer than a vector, one or two tiles, and remainders of each. */
    private static final int[] CHANNELS = {1, 3, 16, 17, 32, 40, 64};

    /** A weight gradient's shape: input [n, h, w, c], output gradient [n, ho, wo, o], kernel kh × kw. */
    private record Shape(int n, int c, int h, int w, int o, int kh, int kw, int padH, int padW) {
        int ho() {
            return h + 2 * padH - kh + 1;
        }

        int wo() {
            return w + 2 * padW - kw + 1;
        }

        boolean valid() {
            return ho() >= 1 && wo() >= 1;
        }
    }

    @BeforeAll
    static void needsVectors() {
        assumeTrue(Vectorization.ENABLED, "needs the Vector API (--add-modules jdk.incubator.vector)");
    }

    @Test
    void everyPairOfChannelCountsMatchesDirectLoops() {
        Random random = new Random(1);
        int i = 0;
        for (int c : CHANNELS) {
            for (int o : CHANNELS) {
                // each pair meets two kernels, cycling through sizes, paddings and batch sizes
                assertMatches(random, new Shape(1 + i % 3, c, 5 + i % 7, 3 + i % 9, o, 3, 3, i % 3, (i + 1) % 3));
                assertMatches(random, new Shape(1 + (i + 1) % 2, c, 7 + i % 4, 11, o, 1 + i % 3, 1 + (i + 2) % 5,
                        i % 2, (i + 1) % 2));
                i++;
            }
        }
    }

    @Test
    void everyKernelAndPaddingMatchesDirectLoops() {
        Random random = new Random(2);
        int[][] kernels = {{1, 1}, {2, 2}, {3, 3}, {5, 5}, {3, 1}};
        int[][] images = {{1, 1}, {4, 9}, {11, 3}, {37, 29}};
        int[][] channels = {{17, 40}, {40, 17}, {3, 16}, {32, 1}, {1, 32}, {16, 3}};
        int i = 0;
        for (int[] k : kernels) {
            for (int padH = 0; padH <= k[0]; padH++) {
                for (int padW = 0; padW <= k[1]; padW++) {
                    // paddings 0 … k-1 along each axis, and one past k-1 along both
                    if ((padH == k[0]) != (padW == k[1])) {
                        continue;
                    }
                    for (int[] image : images) {
                        int[] co = channels[i % channels.length];
                        assertMatches(random, new Shape(1 + i % 3, co[0], image[0], image[1], co[1], k[0], k[1], padH,
                                padW));
                        i++;
                    }
                }
            }
        }
    }

    @Test
    void rowsCutIntoPiecesAndChunksOfManyChannelsMatchDirectLoops() {
        Random random = new Random(4);
        // rows wider than a chunk, cut into pieces, with either operand along the lanes
        assertMatches(random, new Shape(2, 17, 3, 300, 40, 3, 3, 1, 1));
        assertMatches(random, new Shape(1, 40, 2, 531, 3, 3, 5, 2, 1));
        assertMatches(random, new Shape(1, 3, 4, 517, 40, 2, 5, 0, 4));
        // so many input channels that a chunk holds fewer positions
        assertMatches(random, new Shape(1, 300, 3, 100, 17, 3, 3, 1, 1));
    }

    @Test
    void manyPartsMatchAndTheBitsDoNotDependOnTheThreadCount() throws Exception {
        Random random = new Random(3);
        // enough positions for the most parts, with either operand along the lanes
        Shape[] shapes = {
            new Shape(4, 32, 64, 64, 32, 3, 3, 1, 1),
            new Shape(4, 32, 64, 64, 1, 3, 3, 1, 1),
            new Shape(4, 1, 64, 64, 32, 3, 3, 1, 1),
            new Shape(2, 64, 40, 52, 40, 5, 5, 2, 2),
        };
        for (Shape s : shapes) {
            float[] x = randomFloats(random, s.n * s.h * s.w * s.c);
            float[] g = randomFloats(random, s.n * s.ho() * s.wo() * s.o);
            float[] gw = weightGrad(s, x, g);
            naive(s, x, g).assertClose(gw, 1e-5, s.toString());
            assertSameBitsWithOneAndFourThreads(gw, () -> weightGrad(s, x, g), s.toString());
        }
    }

    private static void assertMatches(Random random, Shape s) {
        if (!s.valid()) {
            return;
        }
        float[] x = randomFloats(random, s.n * s.h * s.w * s.c);
        float[] g = randomFloats(random, s.n * s.ho() * s.wo() * s.o);
        naive(s, x, g).assertClose(weightGrad(s, x, g), 1e-5, s.toString());
    }

    /** The kernel's result, into an array prefilled with NaN so that an element left unwritten fails. */
    private static float[] weightGrad(Shape s, float[] x, float[] g) {
        float[] gw = new float[s.o * s.c * s.kh * s.kw];
        Arrays.fill(gw, Float.NaN);
        ConvChannelsLastWeightGrad.conv2dWeightGrad(x, g, gw, s.n, s.c, s.h, s.w, s.o, s.kh, s.kw, s.padH, s.padW);
        return gw;
    }

    /** The shared row-major reference of the weight gradient, from x and g in row-major order. */
    private static Reference naive(Shape s, float[] x, float[] g) {
        return naiveWeightGrad(conv2dCase(s.n, s.c, s.h, s.w, s.o, s.kh, s.kw, s.padH, s.padW),
                rowMajorOf(x, s.n, s.c, s.h, s.w), rowMajorOf(g, s.n, s.o, s.ho(), s.wo()));
    }
}
