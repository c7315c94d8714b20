package dev.claritas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
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

        /** The input row (or column) tap k of output position out reads. */
        static int source(int out, int k, int stride, int pad, int dil) {
            return out * stride - pad + k * dil;
        }
    }

    private static final Conv[] CASES = {
            // groups, stride, padding and dilation together, non-square kernel
            new Conv(2, 4, 7, 9, 6, 3, 2, 2, 1, 1, 0, 1, 2, 2, 1, 0),
            // pointwise: the input is its own patch matrix
            new Conv(2, 3, 5, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0),
            // pointwise transposed with output padding: no longer pointwise
            new Conv(1, 2, 3, 3, 2, 1, 1, 1, 1, 0, 0, 2, 2, 1, 1, 1),
            new Conv(3, 6, 8, 6, 9, 3, 3, 1, 2, 2, 1, 2, 1, 3, 1, 1),
            // kernel wider than the stride, padding past the kernel's reach on one side
            new Conv(2, 2, 5, 4, 4, 5, 3, 3, 2, 2, 1, 1, 1, 2, 2, 1),
            // depthwise
            new Conv(1, 4, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4, 0, 0),
            // patch matrix of 144 × 2304 floats, built in two chunks
            new Conv(1, 16, 48, 48, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0),
    };

    private static float[] randomFloats(Random random, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }

    private static double[] randomDoubles(Random random, int size) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = random.nextDouble() * 2 - 1;
        }
        return a;
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** A reference result with, per element, the sum of its terms' magnitudes (the scale of its rounding error). */
    private record Reference(double[] value, double[] magnitude) {
        Reference(int size) {
            this(new double[size], new double[size]);
        }

        void add(int at, double term) {
            value[at] += term;
            magnitude[at] += Math.abs(term);
        }

        void assertClose(float[] got, double relTol, String what) {
            assertEquals(value.length, got.length, what);
            for (int i = 0; i < value.length; i++) {
                assertEquals(value[i], got[i], relTol * magnitude[i] + 1e-30, what + " at " + i);
            }
        }

        void assertClose(double[] got, double relTol, String what) {
            assertEquals(value.length, got.length, what);
            for (int i = 0; i < value.length; i++) {
                assertEquals(value[i], got[i], relTol * magnitude[i] + 1e-300, what + " at " + i);
            }
        }
    }

    /** The direct loops of the definition: every (batch, out channel, out pixel, in channel of the group, tap). */
    private static Reference naiveConv(Conv p, double[] x, double[] w) {
        int ho = p.ho();
        int wo = p.wo();
        int cg = p.c / p.groups;
        int og = p.o / p.groups;
        Reference out = new Reference(p.n * p.o * ho * wo);
        for (int b = 0; b < p.n; b++) {
            for (int oc = 0; oc < p.o; oc++) {
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        for (int ic = 0; ic < cg; ic++) {
                            for (int ki = 0; ki < p.kh; ki++) {
                                for (int kj = 0; kj < p.kw; kj++) {
                                    int iy = Conv.source(oy, ki, p.sH, p.pH, p.dH);
                                    int ix = Conv.source(ox, kj, p.sW, p.pW, p.dW);
                                    if (iy < 0 || iy >= p.h || ix < 0 || ix >= p.w) {
                                        continue;
                                    }
                                    int channel = oc / og * cg + ic;
                                    double xv = x[((b * p.c + channel) * p.h + iy) * p.w + ix];
                                    double wv = w[((oc * cg + ic) * p.kh + ki) * p.kw + kj];
                                    out.add(((b * p.o + oc) * ho + oy) * wo + ox, xv * wv);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The transposed convolution as a direct scatter: input [n, c, h, w], weights [c, o/groups, kh, kw]. */
    private static Reference naiveConvTranspose(Conv p, double[] x, double[] w) {
        int ho = p.hoT();
        int wo = p.woT();
        int cg = p.c / p.groups;
        int og = p.o / p.groups;
        Reference out = new Reference(p.n * p.o * ho * wo);
        for (int b = 0; b < p.n; b++) {
            for (int ic = 0; ic < p.c; ic++) {
                for (int iy = 0; iy < p.h; iy++) {
                    for (int ix = 0; ix < p.w; ix++) {
                        for (int oc = 0; oc < og; oc++) {
                            for (int ki = 0; ki < p.kh; ki++) {
                                for (int kj = 0; kj < p.kw; kj++) {
                                    int oy = Conv.source(iy, ki, p.sH, p.pH, p.dH);
                                    int ox = Conv.source(ix, kj, p.sW, p.pW, p.dW);
                                    if (oy < 0 || oy >= ho || ox < 0 || ox >= wo) {
                                        continue;
                                    }
                                    int channel = ic / cg * og + oc;
                                    double xv = x[((b * p.c + ic) * p.h + iy) * p.w + ix];
                                    double wv = w[((ic * og + oc) * p.kh + ki) * p.kw + kj];
                                    out.add(((b * p.o + channel) * ho + oy) * wo + ox, xv * wv);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Reference naiveWeightGrad(Conv p, double[] x, double[] gradOut) {
        int ho = p.ho();
        int wo = p.wo();
        int cg = p.c / p.groups;
        int og = p.o / p.groups;
        Reference gradW = new Reference(p.o * cg * p.kh * p.kw);
        for (int oc = 0; oc < p.o; oc++) {
            for (int ic = 0; ic < cg; ic++) {
                for (int ki = 0; ki < p.kh; ki++) {
                    for (int kj = 0; kj < p.kw; kj++) {
                        for (int b = 0; b < p.n; b++) {
                            for (int oy = 0; oy < ho; oy++) {
                                for (int ox = 0; ox < wo; ox++) {
                                    int iy = Conv.source(oy, ki, p.sH, p.pH, p.dH);
                                    int ix = Conv.source(ox, kj, p.sW, p.pW, p.dW);
                                    if (iy < 0 || iy >= p.h || ix < 0 || ix >= p.w) {
                                        continue;
                                    }
                                    int channel = oc / og * cg + ic;
                                    double xv = x[((b * p.c + channel) * p.h + iy) * p.w + ix];
                                    double gv = gradOut[((b * p.o + oc) * ho + oy) * wo + ox];
                                    gradW.add(((oc * cg + ic) * p.kh + ki) * p.kw + kj, xv * gv);
                                }
                            }
                        }
                    }
                }
            }
        }
        return gradW;
    }

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
            naiveConv(p, widen(x), widen(w)).assertClose(conv(p, x, w), 1e-5, p.toString());
            double[] xd = randomDoubles(random, x.length);
            double[] wd = randomDoubles(random, w.length);
            naiveConv(p, xd, wd).assertClose(conv(p, xd, wd), 1e-12, p.toString());
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
            naiveConvTranspose(p, widen(x), widen(w)).assertClose(out, 1e-5, p.toString());

            double[] xd = randomDoubles(random, x.length);
            double[] wd = randomDoubles(random, w.length);
            double[] outD = new double[out.length];
            Convolution.convTranspose2d(xd, wd, outD, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW, p.pH, p.pW,
                    p.dH, p.dW, p.groups, p.outPadH, p.outPadW);
            naiveConvTranspose(p, xd, wd).assertClose(outD, 1e-12, p.toString());
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
            naiveWeightGrad(p, widen(x), widen(gradOut)).assertClose(gradW, 1e-5, p.toString());

            double[] xd = randomDoubles(random, x.length);
            double[] gd = randomDoubles(random, gradOut.length);
            double[] gradWd = new double[gradW.length];
            Convolution.conv2dWeightGrad(xd, gd, gradWd, p.n, p.c, p.h, p.w, p.o, p.kh, p.kw, p.sH, p.sW,
                    p.pH, p.pW, p.dH, p.dW, p.groups);
            naiveWeightGrad(p, xd, gd).assertClose(gradWd, 1e-12, p.toString());
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

    private static double dot(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void resultBitsDoNotDependOnThreadCount() throws Exception {
        Conv p = new Conv(4, 8, 20, 18, 12, 3, 3, 1, 1, 1, 1, 1, 1, 2, 0, 0);
        Random random = new Random(5);
        float[] x = randomFloats(random, p.n * p.c * p.h * p.w);
        float[] w = randomFloats(random, weightSize(p));
        float[] gradOut = randomFloats(random, p.n * p.o * p.ho() * p.wo());
        float[] out = conv(p, x, w);
        float[] gradW = weightGrad(p, x, gradOut);
        float[] xBack = transposeBack(p, gradOut, w);
        assertArrayEquals(out, conv(p, x, w));
        try (ForkJoinPool one = new ForkJoinPool(1); ForkJoinPool four = new ForkJoinPool(4)) {
            for (ForkJoinPool pool : new ForkJoinPool[] {one, four}) {
                assertArrayEquals(out, pool.submit(() -> conv(p, x, w)).get(), "conv2d in " + pool);
                assertArrayEquals(gradW, pool.submit(() -> weightGrad(p, x, gradOut)).get(), "weight grad in " + pool);
                assertArrayEquals(xBack, pool.submit(() -> transposeBack(p, gradOut, w)).get(), "transpose in " + pool);
            }
        }
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
