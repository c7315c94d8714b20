package dev.claritas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The 3-D convolution kernels against the direct loops of their definitions, in float and double,
 * and against each other: forward, transposed and weight gradient are one bilinear form.
 */
class Convolution3dTest {
    /** A convolution's shape and PyTorch parameters, (d, h, w) triples; outPad only matters for the transposed one. */
    private record Conv(int n, int c, int[] size, int o, int[] k, int[] s, int[] p, int[] d, int groups, int[] outPad) {
        int[] out() {
            int[] out = new int[3];
            for (int a = 0; a < 3; a++) {
                out[a] = (size[a] + 2 * p[a] - d[a] * (k[a] - 1) - 1) / s[a] + 1;
            }
            return out;
        }

        /** Output sizes of the transposed convolution whose input is [n, c, size]. */
        int[] outT() {
            int[] out = new int[3];
            for (int a = 0; a < 3; a++) {
                out[a] = (size[a] - 1) * s[a] - 2 * p[a] + d[a] * (k[a] - 1) + outPad[a] + 1;
            }
            return out;
        }

        /** The output padding that makes the transposed convolution map the forward output back onto size. */
        int[] backPad() {
            int[] pad = new int[3];
            for (int a = 0; a < 3; a++) {
                pad[a] = (size[a] + 2 * p[a] - d[a] * (k[a] - 1) - 1) % s[a];
            }
            return pad;
        }

        int taps() {
            return k[0] * k[1] * k[2];
        }

        int weightSize() {
            return o * (c / groups) * taps();
        }

        int inSize() {
            return n * c * volume(size);
        }

        int outSize() {
            return n * o * volume(out());
        }
    }

    private static int[] t(int d, int h, int w) {
        return new int[] {d, h, w};
    }

    private static final int[] ONES = {1, 1, 1};
    private static final int[] ZEROS = {0, 0, 0};

    private static final Conv[] CASES = {
            // groups, per-axis stride, padding and dilation together, an anisotropic kernel
            new Conv(2, 4, t(5, 6, 7), 6, t(3, 2, 3), t(2, 1, 2), t(1, 0, 1), t(1, 2, 1), 2, t(1, 0, 1)),
            // pointwise: the input is its own patch matrix
            new Conv(2, 3, t(3, 4, 5), 4, ONES, ONES, ZEROS, ONES, 1, ZEROS),
            // pointwise transposed with stride and output padding: no longer pointwise
            new Conv(1, 2, t(3, 2, 3), 2, ONES, t(2, 1, 2), ZEROS, ONES, 1, t(1, 0, 1)),
            // depthwise, "same" padding
            new Conv(1, 3, t(4, 5, 4), 3, t(3, 3, 3), ONES, ONES, ONES, 3, ZEROS),
            // kernel wider than the stride, padding past the kernel's reach on one side
            new Conv(2, 2, t(5, 4, 6), 4, t(4, 3, 2), t(3, 2, 2), t(2, 1, 1), ONES, 2, t(2, 1, 0)),
            // patch matrix of 216 × 1728 floats, built in two chunks that end inside a line
            new Conv(1, 8, t(12, 12, 12), 4, t(3, 3, 3), ONES, ONES, ONES, 1, ZEROS),
    };

    private static int volume(int[] size) {
        return size[0] * size[1] * size[2];
    }

    /** The input position tap k of output position out reads, along one axis. */
    private static int source(int out, int k, int stride, int pad, int dil) {
        return out * stride - pad + k * dil;
    }

    private static int index(int[] size, int z, int y, int x) {
        return (z * size[1] + y) * size[2] + x;
    }

    private static boolean inside(int[] size, int z, int y, int x) {
        return z >= 0 && z < size[0] && y >= 0 && y < size[1] && x >= 0 && x < size[2];
    }

    /** Calls {@code body(z, y, x)} for every position of a volume, in row-major order. */
    private static void forEach(int[] size, PositionBody body) {
        for (int z = 0; z < size[0]; z++) {
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[2]; x++) {
                    body.run(z, y, x);
                }
            }
        }
    }

    @FunctionalInterface
    private interface PositionBody {
        void run(int z, int y, int x);
    }

    /**
     * Every (batch, out channel, out position, in channel of the group, tap) term of the forward
     * convolution, handed to {@code term(x index, w index, out index)}: the one loop nest from which
     * the forward and weight-gradient references are read.
     */
    private static void forEachTerm(Conv p, TermBody term) {
        int[] out = p.out();
        int cg = p.c / p.groups;
        int og = p.o / p.groups;
        for (int b = 0; b < p.n; b++) {
            for (int oc = 0; oc < p.o; oc++) {
                int channel0 = oc / og * cg;
                int ob = b, occ = oc;
                forEach(out, (oz, oy, ox) -> forEach(p.k, (kd, ki, kj) -> {
                    int iz = source(oz, kd, p.s[0], p.p[0], p.d[0]);
                    int iy = source(oy, ki, p.s[1], p.p[1], p.d[1]);
                    int ix = source(ox, kj, p.s[2], p.p[2], p.d[2]);
                    if (!inside(p.size, iz, iy, ix)) {
                        return;
                    }
                    for (int ic = 0; ic < cg; ic++) {
                        int xi = (ob * p.c + channel0 + ic) * volume(p.size) + index(p.size, iz, iy, ix);
                        int wi = (occ * cg + ic) * p.taps() + index(p.k, kd, ki, kj);
                        int oi = (ob * p.o + occ) * volume(out) + index(out, oz, oy, ox);
                        term.run(xi, wi, oi);
                    }
                }));
            }
        }
    }

    @FunctionalInterface
    private interface TermBody {
        void run(int xIndex, int wIndex, int outIndex);
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

    private static Reference naiveConv(Conv p, double[] x, double[] w) {
        Reference out = new Reference(p.outSize());
        forEachTerm(p, (xi, wi, oi) -> out.add(oi, x[xi] * w[wi]));
        return out;
    }

    private static Reference naiveWeightGrad(Conv p, double[] x, double[] gradOut) {
        Reference gradW = new Reference(p.weightSize());
        forEachTerm(p, (xi, wi, oi) -> gradW.add(wi, x[xi] * gradOut[oi]));
        return gradW;
    }

    /**
     * The transposed convolution as a direct scatter, written out on its own rather than read from
     * the forward terms: input [n, c, size], weights [c, o/groups, k], output [n, o, outT].
     */
    private static Reference naiveConvTranspose(Conv p, double[] x, double[] w) {
        int[] out = p.outT();
        int cg = p.c / p.groups;
        int og = p.o / p.groups;
        Reference result = new Reference(p.n * p.o * volume(out));
        for (int b = 0; b < p.n; b++) {
            for (int ic = 0; ic < p.c; ic++) {
                int bb = b, icc = ic;
                forEach(p.size, (iz, iy, ix) -> forEach(p.k, (kd, ki, kj) -> {
                    int oz = source(iz, kd, p.s[0], p.p[0], p.d[0]);
                    int oy = source(iy, ki, p.s[1], p.p[1], p.d[1]);
                    int ox = source(ix, kj, p.s[2], p.p[2], p.d[2]);
                    if (!inside(out, oz, oy, ox)) {
                        return;
                    }
                    for (int oc = 0; oc < og; oc++) {
                        int channel = icc / cg * og + oc;
                        double xv = x[(bb * p.c + icc) * volume(p.size) + index(p.size, iz, iy, ix)];
                        double wv = w[(icc * og + oc) * p.taps() + index(p.k, kd, ki, kj)];
                        result.add((bb * p.o + channel) * volume(out) + index(out, oz, oy, ox), xv * wv);
                    }
                }));
            }
        }
        return result;
    }

    private static float[] conv(Conv p, float[] x, float[] w) {
        float[] out = new float[p.outSize()];
        Arrays.fill(out, Float.NaN);
        Convolution.conv3d(x, w, out, p.n, p.c, p.size, p.o, p.k, p.s, p.p, p.d, p.groups);
        return out;
    }

    private static double[] conv(Conv p, double[] x, double[] w) {
        double[] out = new double[p.outSize()];
        Arrays.fill(out, Double.NaN);
        Convolution.conv3d(x, w, out, p.n, p.c, p.size, p.o, p.k, p.s, p.p, p.d, p.groups);
        return out;
    }

    private static float[] weightGrad(Conv p, float[] x, float[] gradOut) {
        float[] gradW = new float[p.weightSize()];
        Arrays.fill(gradW, Float.NaN);
        Convolution.conv3dWeightGrad(x, gradOut, gradW, p.n, p.c, p.size, p.o, p.k, p.s, p.p, p.d, p.groups);
        return gradW;
    }

    /** The input gradient of conv3d: the transposed convolution of the output gradient back onto the input's size. */
    private static float[] transposeBack(Conv p, float[] gradOut, float[] w) {
        float[] xBack = new float[p.inSize()];
        Convolution.convTranspose3d(gradOut, w, xBack, p.n, p.o, p.out(), p.c, p.k, p.s, p.p, p.d, p.groups, p.backPad());
        return xBack;
    }

    @Test
    void conv3dMatchesDirectLoops() {
        Random random = new Random(1);
        for (Conv p : CASES) {
            float[] x = randomFloats(random, p.inSize());
            float[] w = randomFloats(random, p.weightSize());
            naiveConv(p, widen(x), widen(w)).assertClose(conv(p, x, w), 1e-5, p.toString());
            double[] xd = randomDoubles(random, x.length);
            double[] wd = randomDoubles(random, w.length);
            naiveConv(p, xd, wd).assertClose(conv(p, xd, wd), 1e-12, p.toString());
        }
    }

    @Test
    void convTranspose3dMatchesDirectScatter() {
        Random random = new Random(2);
        for (Conv p : CASES) {
            // Transposed weights are [c, o/groups, k...]: as many elements as [o, c/groups, k...].
            float[] x = randomFloats(random, p.inSize());
            float[] w = randomFloats(random, p.weightSize());
            float[] out = new float[p.n * p.o * volume(p.outT())];
            Arrays.fill(out, Float.NaN);
            Convolution.convTranspose3d(x, w, out, p.n, p.c, p.size, p.o, p.k, p.s, p.p, p.d, p.groups, p.outPad);
            naiveConvTranspose(p, widen(x), widen(w)).assertClose(out, 1e-5, p.toString());

            double[] xd = randomDoubles(random, x.length);
            double[] wd = randomDoubles(random, w.length);
            double[] outD = new double[out.length];
            Convolution.convTranspose3d(xd, wd, outD, p.n, p.c, p.size, p.o, p.k, p.s, p.p, p.d, p.groups, p.outPad);
            naiveConvTranspose(p, xd, wd).assertClose(outD, 1e-12, p.toString());
        }
    }

    @Test
    void weightGradMatchesDirectLoops() {
        Random random = new Random(3);
        for (Conv p : CASES) {
            float[] x = randomFloats(random, p.inSize());
            float[] gradOut = randomFloats(random, p.outSize());
            naiveWeightGrad(p, widen(x), widen(gradOut)).assertClose(weightGrad(p, x, gradOut), 1e-5, p.toString());

            double[] xd = randomDoubles(random, x.length);
            double[] gd = randomDoubles(random, gradOut.length);
            double[] gradWd = new double[p.weightSize()];
            Convolution.conv3dWeightGrad(xd, gd, gradWd, p.n, p.c, p.size, p.o, p.k, p.s, p.p, p.d, p.groups);
            naiveWeightGrad(p, xd, gd).assertClose(gradWd, 1e-12, p.toString());
        }
    }

    /**
     * {@code <conv3d(x; w), y> = <x, convTranspose3d(y; w)> = <w, weightGrad(x, y)>}: the three
     * kernels are the one bilinear form read three ways.
     */
    @Test
    void transposeAndWeightGradAreAdjointsOfConv() {
        Random random = new Random(4);
        for (Conv p : CASES) {
            double[] x = randomDoubles(random, p.inSize());
            double[] w = randomDoubles(random, p.weightSize());
            double[] y = randomDoubles(random, p.outSize());
            double[] xBack = new double[x.length];
            Convolution.convTranspose3d(y, w, xBack, p.n, p.o, p.out(), p.c, p.k, p.s, p.p, p.d, p.groups, p.backPad());
            double[] gradW = new double[w.length];
            Convolution.conv3dWeightGrad(x, y, gradW, p.n, p.c, p.size, p.o, p.k, p.s, p.p, p.d, p.groups);

            double forward = dot(conv(p, x, w), y);
            double tolerance = 1e-12 * Math.max(1, Math.abs(forward)) * x.length;
            assertEquals(forward, dot(x, xBack), tolerance, p.toString());
            assertEquals(forward, dot(w, gradW), tolerance, p.toString());
        }
    }

    @Test
    void resultBitsDoNotDependOnThreadCount() throws Exception {
        Conv p = new Conv(2, 4, t(6, 9, 8), 6, t(3, 3, 3), ONES, ONES, ONES, 2, ZEROS);
        Random random = new Random(5);
        float[] x = randomFloats(random, p.inSize());
        float[] w = randomFloats(random, p.weightSize());
        float[] gradOut = randomFloats(random, p.outSize());
        float[] out = conv(p, x, w);
        float[] gradW = weightGrad(p, x, gradOut);
        float[] xBack = transposeBack(p, gradOut, w);
        try (ForkJoinPool one = new ForkJoinPool(1); ForkJoinPool four = new ForkJoinPool(4)) {
            for (ForkJoinPool pool : new ForkJoinPool[] {one, four}) {
                assertArrayEquals(out, pool.submit(() -> conv(p, x, w)).get(), "conv3d in " + pool);
                assertArrayEquals(gradW, pool.submit(() -> weightGrad(p, x, gradOut)).get(), "weight grad in " + pool);
                assertArrayEquals(xBack, pool.submit(() -> transposeBack(p, gradOut, w)).get(), "transpose in " + pool);
            }
        }
    }

    @Test
    void rejectsBadGeometry() {
        // kernel deeper than the padded input
        assertThrows(IllegalArgumentException.class, () -> Convolution.conv3d(new float[8], new float[18], new float[1],
                1, 1, t(2, 2, 2), 1, t(3, 3, 2), ONES, ZEROS, ONES, 1));
        // channels not divisible by groups
        assertThrows(IllegalArgumentException.class, () -> Convolution.conv3d(new float[24], new float[8], new float[24],
                1, 3, t(2, 2, 2), 2, ONES, ONES, ZEROS, ONES, 2));
        // sizes not given as (d, h, w)
        assertThrows(IllegalArgumentException.class, () -> Convolution.conv3d(new double[4], new double[1], new double[4],
                1, 1, new int[] {2, 2}, 1, ONES, ONES, ZEROS, ONES, 1));
        // output array too small
        assertThrows(IllegalArgumentException.class, () -> Convolution.convTranspose3d(new double[8], new double[8],
                new double[8], 1, 1, t(2, 2, 2), 1, t(2, 2, 2), ONES, ZEROS, ONES, 1, ZEROS));
    }

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

    private static double dot(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
