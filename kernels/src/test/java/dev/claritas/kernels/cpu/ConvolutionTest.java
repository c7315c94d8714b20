package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertSameBitsWithOneAndFourThreads;
import static dev.claritas.kernels.cpu.KernelTestSupport.dot;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveConv;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveConvTranspose;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveWeightGrad;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomDoubles;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomFloats;
import static dev.claritas.kernels.cpu.KernelTestSupport.t;
import static dev.claritas.kernels.cpu.KernelTestSupport.widen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.kernels.cpu.KernelTestSupport.ConvCase;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvolutionTest {
    /** A convolution's shape and PyTorch parameters; outPad only matters for the transposed one. */
    private record Conv(int n, int c, int h, int w, int o, int kh, int kw, int sH, int sW, int pH, int pW,
                        int dH, int dW, int groups, int outPadH, int outPadW) {
        int ho() {
            return (h + 2 * pH - dH * (kh - 1) - 1) / sH + 1;
        }

        int wo() {
            return (w + 2 * pW - dW * (kw - 1) - 1) / sW + 1;
        }

        /** Output size of the transposed convolution whose input is [n, c, h, w]. */
        int hoT() {
            return (h - 1) * sH - 2 * pH + dH * (kh - 1) + outPadH + 1;
        }

        int woT() {
            return (w - 1) * sW - 2 * pW + dW * (kw - 1) + outPadW + 1;
        }

        /** The same convolution as a 3-D one of depth 1, whose direct loops are the reference. */
        ConvCase as3d() {
            return new ConvCase(n, c, t(1, h, w), o, t(1, kh, kw), t(1, sH, sW), t(0, pH, pW), t(1, dH, dW), groups,
                    t(0, outPadH, outPadW));
        }
    }

    private static final Conv[] CASES = {
            // groups, stride, padding and dilation together, non-square kernel
            new Conv(2, 4, 7, 9, 6, 3, 2, 2, 1, 1, 0, 1, 2, 2, 1, 0),
            // pointwise: the input is its own patch matrix
            new Conv(2, 3, 5, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0),
            // pointwise to one channel, as an output layer: positions in two chunks of vectors and a tail
            new Conv(2, 6, 40, 33, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0),
            // pointwise transposed with output padding: no longer pointwise
            new Conv(1, 2, 3, 3, 2, 1, 1, 1, 1, 0, 0, 2, 2, 1, 1, 1),
            new Conv(3, 6, 8, 6, 9, 3, 3, 1, 2, 2, 1, 2, 1, 3, 1, 1),
            // kernel wider than the stride, padding past the kernel's reach on one side
            new Conv(2, 2, 5, 4, 4, 5, 3, 3, 2, 2, 1, 1, 1, 2, 2, 1),
            // depthwise
            new Conv(1, 4, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4, 0, 0),
            // patch matrix of 144 × 2304 floats, built in two chunks
            new Conv(1, 16, 48, 48, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0),
            // stride 1, one group: the direct convolution on the padded input, forward and (as a
            // flipped-kernel correlation) transposed; 1 and 6 output channels leave the last tile part-empty
            new Conv(2, 5, 9, 21, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0),
            new Conv(1, 6, 6, 19, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0),
            // a dilated 3×3 (the written-out tile's row and column steps), padding differing per axis
            new Conv(2, 3, 10, 17, 8, 3, 3, 1, 1, 2, 3, 2, 3, 1, 0, 0),
            // 40 output channels: two panels of the weight gradient's transposed output gradient, the second part-empty
            new Conv(1, 3, 6, 7, 40, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0),
            new Conv(3, 5, 7, 40, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0),
            new Conv(2, 3, 9, 11, 8, 5, 3, 1, 1, 2, 0, 2, 1, 1, 0, 0),
            new Conv(1, 1, 20, 33, 24, 3, 3, 1, 1, 0, 0, 1, 1, 1, 0, 0),
            // stride 1 with an output padding (allowed below the dilation): the transposed one takes the general path
            new Conv(2, 4, 6, 5, 8, 3, 3, 1, 1, 1, 1, 2, 2, 1, 1, 1),
    };

    private static float[] conv(Conv p, float[] x, float[] w) {
        float[] out = new float[p.n * p.o * p.ho() * p.wo()];
        Convolution.conv2d(x, w, out, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.dH, p.dW,
                p.groups);
        return out;
    }

    private static double[] conv(Conv p, double[] x, double[] w) {
        double[] out = new double[p.n * p.o * p.ho() * p.wo()];
        Convolution.conv2d(x, w, out, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW, p.dH, p.dW,
                p.groups);
        return out;
    }

    private static int weightSize(Conv p) {
        return p.o * (p.c / p.groups) * p.kh * p.kw;
    }

    @Test
    void conv2dMatchesDirectLoops() {
        Random random = new Random(1);
        for (Conv p : CASES) {
            float[] x = randomFloats(random, p.n * p.c * p.h * p.w);
            float[] w = randomFloats(random, weightSize(p));
            naiveConv(p.as3d(), widen(x), widen(w)).assertClose(conv(p, x, w), 1e-5, p.toString());
            double[] xd = randomDoubles(random, x.length);
            double[] wd = randomDoubles(random, w.length);
            naiveConv(p.as3d(), xd, wd).assertClose(conv(p, xd, wd), 1e-12, p.toString());
        }
    }

    @Test
    void convTranspose2dMatchesDirectScatter() {
        Random random = new Random(2);
        for (Conv p : CASES) {
            // Transposed weights are [c, o/groups, kh, kw]: as many elements as [o, c/groups, kh, kw].
            float[] x = randomFloats(random, p.n * p.c * p.h * p.w);
            float[] w = randomFloats(random, weightSize(p));
            float[] out = new float[p.n * p.o * p.hoT() * p.woT()];
            java.util.Arrays.fill(out, Float.NaN);
            Convolution.convTranspose2d(x, w, out, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW,
                    p.dH, p.dW, p.groups, p.outPadH, p.outPadW);
            naiveConvTranspose(p.as3d(), widen(x), widen(w)).assertClose(out, 1e-5, p.toString());

            double[] xd = randomDoubles(random, x.length);
            double[] wd = randomDoubles(random, w.length);
            double[] outD = new double[out.length];
            Convolution.convTranspose2d(xd, wd, outD, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW,
                    p.dH, p.dW, p.groups, p.outPadH, p.outPadW);
            naiveConvTranspose(p.as3d(), xd, wd).assertClose(outD, 1e-12, p.toString());
        }
    }

    @Test
    void weightGradMatchesDirectLoops() {
        Random random = new Random(3);
        for (Conv p : CASES) {
            float[] x = randomFloats(random, p.n * p.c * p.h * p.w);
            float[] gradOut = randomFloats(random, p.n * p.o * p.ho() * p.wo());
            float[] gradW = new float[weightSize(p)];
            java.util.Arrays.fill(gradW, Float.NaN);
            Convolution.conv2dWeightGrad(x, gradOut, gradW, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW,
                    p.pH, p.pW, p.dH, p.dW, p.groups);
            naiveWeightGrad(p.as3d(), widen(x), widen(gradOut)).assertClose(gradW, 1e-5, p.toString());

            double[] xd = randomDoubles(random, x.length);
            double[] gd = randomDoubles(random, gradOut.length);
            double[] gradWd = new double[gradW.length];
            Convolution.conv2dWeightGrad(xd, gd, gradWd, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW,
                    p.pH, p.pW, p.dH, p.dW, p.groups);
            naiveWeightGrad(p.as3d(), xd, gd).assertClose(gradWd, 1e-12, p.toString());
        }
    }

    /**
     * {@code <conv2d(x; w), y> = <x, convTranspose2d(y; w)> = <w, weightGrad(x, y)>}: the three
     * kernels are the one bilinear form read three ways.
     */
    @Test
    void transposeAndWeightGradAreAdjointsOfConv() {
        Random random = new Random(4);
        for (Conv p : CASES) {
            double[] x = randomDoubles(random, p.n * p.c * p.h * p.w);
            double[] w = randomDoubles(random, weightSize(p));
            double[] y = randomDoubles(random, p.n * p.o * p.ho() * p.wo());

            // The transposed convolution from [o, ho, wo] back to [c, h, w]; the output padding
            // restores the rows and columns the forward stride dropped.
            int outPadH = (p.h + 2 * p.pH - p.dH * (p.kh - 1) - 1) % p.sH;
            int outPadW = (p.w + 2 * p.pW - p.dW * (p.kw - 1) - 1) % p.sW;
            double[] xBack = new double[x.length];
            Convolution.convTranspose2d(y, w, xBack, p.n, p.o, p.ho(), p.wo(), p.c, p.kh, p.kw, p.sH, p.sW, p.pH,
                    p.pW, p.dH, p.dW, p.groups, outPadH, outPadW);
            double[] gradW = new double[w.length];
            Convolution.conv2dWeightGrad(x, y, gradW, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW,
                    p.dH, p.dW, p.groups);

            double forward = dot(conv(p, x, w), y);
            assertEquals(forward, dot(x, xBack), 1e-12 * Math.max(1, Math.abs(forward)) * x.length, p.toString());
            assertEquals(forward, dot(w, gradW), 1e-12 * Math.max(1, Math.abs(forward)) * x.length, p.toString());
        }
    }

    @Test
    void resultBitsDoNotDependOnThreadCount() throws Exception {
        assertThreadCountFree(new Conv(4, 8, 20, 18, 12, 3, 3, 1, 1, 1, 1, 1, 1, 2, 0, 0));
        assertThreadCountFree(new Conv(4, 8, 20, 18, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0));
        assertThreadCountFree(new Conv(3, 9, 40, 33, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0));
    }

    /** Large enough that the weight gradient's batch sum is cut into several partial sums. */
    @Test
    void weightGradPartialSumsDoNotDependOnThreadCount() throws Exception {
        Conv p = new Conv(9, 16, 26, 22, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0);
        assertThreadCountFreeAndWeightGradMatchesDefinition(p, 9);
    }

    /**
     * Long enough (130² positions) that the direct weight gradient sums its positions in several parts,
     * with enough input channels (4 × 9 patch rows) and output channels (16) for its transposed GEMM.
     */
    @Test
    void weightGradPartsOfLongImagesDoNotDependOnThreadCount() throws Exception {
        Conv p = new Conv(1, 4, 130, 130, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0);
        assertThreadCountFreeAndWeightGradMatchesDefinition(p, 10);
    }

    /**
     * Enough patch rows (66 × 9) that the direct weight gradient splits them into two groups, output
     * channels (40) that make a full panel and a partial one, and a batch cut into parts; odd sizes,
     * so that chunks of positions start and end inside rows and in the padding, and rows of 19 that
     * the full panel transposes 16 positions at a time with 3 left over.
     */
    @Test
    void weightGradRowGroupsPanelsAndPartsMatchTheDefinition() throws Exception {
        Conv p = new Conv(3, 66, 13, 19, 40, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0);
        assertThreadCountFreeAndWeightGradMatchesDefinition(p, 11);
    }

    /** {@link #assertThreadCountFree}, and the float weight gradient of data drawn with {@code seed} against the definition. */
    private static void assertThreadCountFreeAndWeightGradMatchesDefinition(Conv p, long seed) throws Exception {
        assertThreadCountFree(p);
        Random random = new Random(seed);
        float[] x = randomFloats(random, p.n * p.c * p.h * p.w);
        float[] gradOut = randomFloats(random, p.n * p.o * p.ho() * p.wo());
        naiveWeightGrad(p.as3d(), widen(x), widen(gradOut)).assertClose(weightGrad(p, x, gradOut), 1e-5, p.toString());
    }

    private static void assertThreadCountFree(Conv p) throws Exception {
        Random random = new Random(5);
        float[] x = randomFloats(random, p.n * p.c * p.h * p.w);
        float[] w = randomFloats(random, weightSize(p));
        float[] gradOut = randomFloats(random, p.n * p.o * p.ho() * p.wo());
        float[] out = conv(p, x, w);
        float[] gradW = weightGrad(p, x, gradOut);
        float[] xBack = transposeBack(p, gradOut, w);
        assertArrayEquals(out, conv(p, x, w));
        assertSameBitsWithOneAndFourThreads(out, () -> conv(p, x, w), "conv2d");
        assertSameBitsWithOneAndFourThreads(gradW, () -> weightGrad(p, x, gradOut), "weight grad");
        assertSameBitsWithOneAndFourThreads(xBack, () -> transposeBack(p, gradOut, w), "transpose");
    }

    private static float[] weightGrad(Conv p, float[] x, float[] gradOut) {
        float[] gradW = new float[weightSize(p)];
        Convolution.conv2dWeightGrad(x, gradOut, gradW, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW,
                p.dH, p.dW, p.groups);
        return gradW;
    }

    /** The input gradient of conv2d: the transposed convolution of the output gradient (stride 1, no output padding). */
    private static float[] transposeBack(Conv p, float[] gradOut, float[] w) {
        float[] xBack = new float[p.n * p.c * p.h * p.w];
        Convolution.convTranspose2d(gradOut, w, xBack, p.n, p.o, p.ho(), p.wo(), p.c, p.kh, p.kw, p.sH, p.sW, p.pH,
                p.pW, p.dH, p.dW, p.groups, 0, 0);
        return xBack;
    }

    @Test
    void rejectsBadGeometry() {
        // kernel larger than the padded input
        assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(new float[4], new float[9],
                new float[1], 1, 1, 2, 2, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1));
        // channels not divisible by groups
        assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(new float[27], new float[9],
                new float[9], 1, 3, 3, 3, 1, 1, 1, 1, 1, 0, 0, 1, 1, 2));
        // output array too small
        assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(new double[16], new double[4],
                new double[8], 1, 1, 4, 4, 1, 2, 2, 1, 1, 0, 0, 1, 1, 1));
    }
}
