package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertSameBitsWithOneAndFourThreads;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveConv;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveConvTranspose;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomFloats;
import static dev.claritas.kernels.cpu.KernelTestSupport.rowMajorOf;
import static dev.claritas.kernels.cpu.KernelTestSupport.widen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.kernels.cpu.KernelTestSupport.ConvCase;
import dev.claritas.kernels.cpu.KernelTestSupport.Reference;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channels-last convolution and its transposed twin against direct double-precision loops over
 * the definitions, on shapes that reach every path: output channels that fill whole blocks, part of
 * one or fewer than a vector; rows wide enough for register tiles or only for the one-position path;
 * kernel rows and columns clipped by the image's edges, or padding so wide that some outputs read
 * nothing.
 */
class ConvChannelsLastTest {
    /** Relative tolerance on each output, times the sum of its terms' magnitudes. */
    private static final double TOLERANCE = 1e-5;
    private static final int[] CHANNELS = {1, 3, 16, 17, 32, 40, 64};
    /** Kernels as (kh, kw). */
    private static final int[][] KERNELS = {{1, 1}, {2, 2}, {3, 3}, {5, 5}, {3, 1}};
    /** Images as (h, w): from one pixel, through rows narrower than a register tile, to several tiles. */
    private static final int[][] IMAGES = {
            {1, 1}, {2, 3}, {5, 7}, {6, 11}, {9, 12}, {4, 20}, {13, 9}, {11, 17}, {3, 30}};

    @BeforeAll
    static void vectorApi() {
        assumeTrue(Vectorization.ENABLED, "the channels-last convolution needs the Vector API");
    }

    /**
     * x is [n, h, w, c]; the weights [o, c, kh, kw] forward and [c, o, kh, kw] transposed. The
     * output sizes are zero where the kernel does not fit.
     */
    private record Shape(int n, int c, int h, int w, int o, int kh, int kw, int padH, int padW) {
        int hoForward() {
            return Math.max(0, h + 2 * padH - kh + 1);
        }

        int woForward() {
            return Math.max(0, w + 2 * padW - kw + 1);
        }

        int hoTransposed() {
            return Math.max(0, h + kh - 1 - 2 * padH);
        }

        int woTransposed() {
            return Math.max(0, w + kw - 1 - 2 * padW);
        }

        int inSize() {
            return n * h * w * c;
        }

        int weightSize() {
            return o * c * kh * kw;
        }
    }

    @Test
    void matchesTheDefinitionsForEveryChannelCountAndKernel() {
        Random random = new Random(11);
        for (int ci = 0; ci < CHANNELS.length; ci++) {
            for (int oi = 0; oi < CHANNELS.length; oi++) {
                for (int ki = 0; ki < KERNELS.length; ki++) {
                    int[] image = IMAGES[(ci + 2 * oi + 3 * ki) % IMAGES.length];
                    int kh = KERNELS[ki][0], kw = KERNELS[ki][1];
                    int n = 1 + (ci + oi + ki) % 3;
                    // forward padding from 0 up to the kernel's size, one past what a transposed convolution allows
                    Shape forward = new Shape(n, CHANNELS[ci], image[0], image[1], CHANNELS[oi], kh, kw,
                            (ci + oi) % (kh + 1), (oi + ki) % (kw + 1));
                    checkForward(forward, random);
                    Shape transposed = new Shape(n, CHANNELS[ci], image[0], image[1], CHANNELS[oi], kh, kw,
                            (ci + ki) % kh, (oi + 2 * ki) % kw);
                    checkTransposed(transposed, random);
                }
            }
        }
    }

    @Test
    void largeImagesAcrossManyTilesAndBorders() {
        Random random = new Random(12);
        checkForward(new Shape(2, 32, 37, 29, 32, 3, 3, 1, 1), random);
        checkForward(new Shape(1, 17, 29, 37, 40, 5, 5, 2, 2), random);
        checkForward(new Shape(2, 16, 23, 35, 64, 3, 1, 1, 0), random);
        checkForward(new Shape(3, 32, 19, 33, 1, 3, 3, 1, 1), random);
        checkForward(new Shape(2, 1, 21, 31, 32, 3, 3, 1, 1), random);
        checkTransposed(new Shape(2, 32, 37, 29, 32, 3, 3, 1, 1), random);
        checkTransposed(new Shape(1, 40, 25, 27, 17, 5, 5, 1, 2), random);
        checkTransposed(new Shape(2, 64, 17, 30, 3, 2, 2, 0, 1), random);
    }

    @Test
    void paddingWiderThanTheKernelGivesZerosWhereNothingIsRead() {
        Random random = new Random(13);
        checkForward(new Shape(1, 3, 1, 1, 32, 3, 3, 1, 1), random);
        checkForward(new Shape(2, 16, 2, 2, 40, 3, 3, 4, 3), random);
        checkForward(new Shape(1, 32, 3, 14, 17, 1, 1, 2, 2), random);
        checkForward(new Shape(1, 17, 4, 13, 3, 2, 2, 5, 1), random);
        checkForward(new Shape(1, 64, 9, 16, 32, 5, 5, 6, 6), random);
    }

    @Test
    void anOutputWithNoPositionsLeavesOutAlone() {
        float[] out = {7f};
        ConvChannelsLast.conv2d(new float[2 * 3 * 3 * 4], new float[5 * 4 * 25], out, 2, 4, 3, 3, 5, 5, 5, 0, 0);
        assertEquals(7f, out[0]);
    }

    @Test
    void bitsDoNotDependOnTheThreadCount() throws Exception {
        Random random = new Random(14);
        for (Shape s : new Shape[] {
                new Shape(2, 32, 40, 40, 32, 5, 5, 2, 2),
                new Shape(2, 32, 40, 40, 1, 3, 3, 1, 1),
                new Shape(2, 24, 40, 40, 40, 3, 3, 1, 1)}) {
            float[] x = randomFloats(random, s.inSize()), w = randomFloats(random, s.weightSize());
            float[] forward = new float[s.n() * s.hoForward() * s.woForward() * s.o()];
            ConvChannelsLast.conv2d(x, w, forward, s.n(), s.c(), s.h(), s.w(), s.o(), s.kh(), s.kw(), s.padH(),
                    s.padW());
            assertSameBitsWithOneAndFourThreads(forward, () -> {
                float[] out = new float[forward.length];
                ConvChannelsLast.conv2d(x, w, out, s.n(), s.c(), s.h(), s.w(), s.o(), s.kh(), s.kw(), s.padH(),
                        s.padW());
                return out;
            }, "conv2d " + s);
            float[] transposed = new float[s.n() * s.hoTransposed() * s.woTransposed() * s.o()];
            ConvChannelsLast.convTranspose2d(x, w, transposed, s.n(), s.c(), s.h(), s.w(), s.o(), s.kh(), s.kw(),
                    s.padH(), s.padW());
            assertSameBitsWithOneAndFourThreads(transposed, () -> {
                float[] out = new float[transposed.length];
                ConvChannelsLast.convTranspose2d(x, w, out, s.n(), s.c(), s.h(), s.w(), s.o(), s.kh(), s.kw(),
                        s.padH(), s.padW());
                return out;
            }, "convTranspose2d " + s);
        }
    }

    @Test
    void transposedRejectsPaddingPastTheKernel() {
        float[] x = new float[4 * 4 * 2], w = new float[2 * 3 * 9], out = new float[4 * 4 * 3];
        assertThrows(IllegalArgumentException.class,
                () -> ConvChannelsLast.convTranspose2d(x, w, out, 1, 2, 4, 4, 3, 3, 3, 3, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ConvChannelsLast.convTranspose2d(x, w, out, 1, 2, 4, 4, 3, 3, 3, 1, 3));
    }

    // ---- the two directions against their definitions ----

    private static void checkForward(Shape s, Random random) {
        float[] x = randomFloats(random, s.inSize()), w = randomFloats(random, s.weightSize());
        float[] out = nanFilled(s.n() * s.hoForward() * s.woForward() * s.o());
        ConvChannelsLast.conv2d(x, w, out, s.n(), s.c(), s.h(), s.w(), s.o(), s.kh(), s.kw(), s.padH(), s.padW());
        naiveForward(s, x, w).assertClose(out, TOLERANCE, "conv2d " + s);
    }

    private static void checkTransposed(Shape s, Random random) {
        float[] x = randomFloats(random, s.inSize()), w = randomFloats(random, s.weightSize());
        float[] out = nanFilled(s.n() * s.hoTransposed() * s.woTransposed() * s.o());
        ConvChannelsLast.convTranspose2d(x, w, out, s.n(), s.c(), s.h(), s.w(), s.o(), s.kh(), s.kw(), s.padH(),
                s.padW());
        naiveTransposed(s, x, w).assertClose(out, TOLERANCE, "convTranspose2d " + s);
    }

    /** NaN everywhere, so that an output the kernel leaves unwritten fails. */
    private static float[] nanFilled(int size) {
        float[] a = new float[size];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    /** The shared row-major reference, read in channels-last order; empty where the kernel does not fit. */
    private static Reference naiveForward(Shape s, float[] x, float[] w) {
        int ho = s.hoForward(), wo = s.woForward();
        if (ho == 0 || wo == 0) {
            return new Reference(0);
        }
        return naiveConv(conv2dCase(s), rowMajorOf(x, s.n(), s.c(), s.h(), s.w()), widen(w))
                .inChannelsLast(s.n(), s.o(), ho, wo);
    }

    /** As {@link #naiveForward}, for the transposed convolution (the shared reference's direct scatter). */
    private static Reference naiveTransposed(Shape s, float[] x, float[] w) {
        int ho = s.hoTransposed(), wo = s.woTransposed();
        if (ho == 0 || wo == 0) {
            return new Reference(0);
        }
        return naiveConvTranspose(conv2dCase(s), rowMajorOf(x, s.n(), s.c(), s.h(), s.w()), widen(w))
                .inChannelsLast(s.n(), s.o(), ho, wo);
    }

    private static ConvCase conv2dCase(Shape s) {
        return KernelTestSupport.conv2dCase(s.n(), s.c(), s.h(), s.w(), s.o(), s.kh(), s.kw(), s.padH(), s.padW());
    }
}
