package dev.claritas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/**
 * What the CPU kernel tests share: seeded random arrays, float/double conversions, the direct-loop
 * references of convolution and pooling (written once for 3-D; a 2-D case is a 3-D one of depth 1),
 * error assertions, and the check that a kernel's bits do not depend on the thread count.
 */
final class KernelTestSupport {
    static final int[] ONES = {1, 1, 1};
    static final int[] ZEROS = {0, 0, 0};

    private KernelTestSupport() {}

    // ---- arrays ----

    /** Uniform in [−1, 1). */
    static float[] randomFloats(Random random, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }

    /** Uniform in [−1, 1). */
    static double[] randomDoubles(Random random, int size) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = random.nextDouble() * 2 - 1;
        }
        return a;
    }

    static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    static double dot(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** A (d, h, w) triple. */
    static int[] t(int d, int h, int w) {
        return new int[] {d, h, w};
    }

    static int volume(int[] size) {
        return size[0] * size[1] * size[2];
    }

    // ---- assertions ----

    /** Every element within {@code tolerance} of the double result. */
    static void assertEachWithin(double[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + " at " + i);
        }
    }

    /** Max abs error relative to the max abs expected value. */
    static void assertMaxRelativeError(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double maxError = 0;
        double maxValue = 0;
        for (int i = 0; i < expected.length; i++) {
            maxError = Math.max(maxError, Math.abs(expected[i] - actual[i]));
            maxValue = Math.max(maxValue, Math.abs(expected[i]));
        }
        assertTrue(maxError <= tolerance * maxValue, what + ": relative error " + maxError / maxValue);
    }

    /** A reference result with, per element, the sum of its terms' magnitudes (the scale of its rounding error). */
    record Reference(double[] value, double[] magnitude) {
        Reference(int size) {
            this(new double[size], new double[size]);
        }

        void add(int at, double term) {
            value[at] += term;
            magnitude[at] += Math.abs(term);
        }

        /** This reference of a row-major [n, c, h, w] result in channels-last order [n, h, w, c]. */
        Reference inChannelsLast(int n, int c, int h, int w) {
            return new Reference(channelsLast(value, n, c, h, w), channelsLast(magnitude, n, c, h, w));
        }

        private static double[] channelsLast(double[] rowMajor, int n, int c, int h, int w) {
            double[] out = new double[rowMajor.length];
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < h * w; p++) {
                        out[(b * h * w + p) * c + ch] = rowMajor[(b * c + ch) * h * w + p];
                    }
                }
            }
            return out;
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

    // ---- thread count ----

    /** Runs {@code task} in a pool of {@code threads}: parallel streams started inside a pool run their tasks in it. */
    static <T> T inPool(int threads, Callable<T> task) throws Exception {
        try (ForkJoinPool pool = new ForkJoinPool(threads)) {
            return pool.submit(task).get();
        }
    }

    /** {@code task} gives exactly {@code expected} in a pool of one thread and in one of four. */
    static void assertSameBitsWithOneAndFourThreads(float[] expected, Callable<float[]> task, String what)
            throws Exception {
        for (int threads : new int[] {1, 4}) {
            assertArrayEquals(expected, inPool(threads, task), what + " in " + threads + " thread(s)");
        }
    }

    /** {@code task} gives exactly {@code expected} in a pool of one thread and in one of four. */
    static void assertSameBitsWithOneAndFourThreads(double[] expected, Callable<double[]> task, String what)
            throws Exception {
        for (int threads : new int[] {1, 4}) {
            assertArrayEquals(expected, inPool(threads, task), what + " in " + threads + " thread(s)");
        }
    }

    // ---- direct loops over a volume ----

    @FunctionalInterface
    interface PositionBody {
        void run(int z, int y, int x);
    }

    /** Calls {@code body(z, y, x)} for every position of a volume, in row-major order. */
    static void forEach(int[] size, PositionBody body) {
        for (int z = 0; z < size[0]; z++) {
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[2]; x++) {
                    body.run(z, y, x);
                }
            }
        }
    }

    private static int index(int[] size, int z, int y, int x) {
        return (z * size[1] + y) * size[2] + x;
    }

    private static boolean inside(int[] size, int z, int y, int x) {
        return z >= 0 && z < size[0] && y >= 0 && y < size[1] && x >= 0 && x < size[2];
    }

    /** The input position tap k of output position out reads, along one axis. */
    private static int source(int out, int k, int stride, int pad, int dil) {
        return out * stride - pad + k * dil;
    }

    // ---- convolution ----

    /** A channels-last [n, h, w, c] array in row-major order [n, c, h, w], widened: what the references read. */
    static double[] rowMajorOf(float[] channelsLast, int n, int c, int h, int w) {
        double[] out = new double[channelsLast.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < h * w; p++) {
                    out[(b * c + ch) * h * w + p] = channelsLast[(b * h * w + p) * c + ch];
                }
            }
        }
        return out;
    }

    /** A 2-D convolution of stride 1, dilation 1 and one group as a case of depth 1. */
    static ConvCase conv2dCase(int n, int c, int h, int w, int o, int kh, int kw, int padH, int padW) {
        return new ConvCase(n, c, t(1, h, w), o, t(1, kh, kw), ONES, t(0, padH, padW), ONES, 1, ZEROS);
    }

    /** A convolution's shape and PyTorch parameters, (d, h, w) triples; outPad only matters for the transposed one. */
    record ConvCase(int n, int c, int[] size, int o, int[] k, int[] s, int[] p, int[] d, int groups, int[] outPad) {
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

    @FunctionalInterface
    private interface TermBody {
        void run(int xIndex, int wIndex, int outIndex);
    }

    /**
     * Every (batch, out channel, out position, in channel of the group, tap) term of the forward
     * convolution, handed to {@code term(x index, w index, out index)}: the one loop nest from which
     * the forward and weight-gradient references are read.
     */
    private static void forEachTerm(ConvCase p, TermBody term) {
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

    /** The direct loops of the definition: input [n, c, size], weights [o, c/groups, k], output [n, o, out]. */
    static Reference naiveConv(ConvCase p, double[] x, double[] w) {
        Reference out = new Reference(p.outSize());
        forEachTerm(p, (xi, wi, oi) -> out.add(oi, x[xi] * w[wi]));
        return out;
    }

    /** The weight gradient by the forward's loops: input [n, c, size], output gradient [n, o, out]. */
    static Reference naiveWeightGrad(ConvCase p, double[] x, double[] gradOut) {
        Reference gradW = new Reference(p.weightSize());
        forEachTerm(p, (xi, wi, oi) -> gradW.add(wi, x[xi] * gradOut[oi]));
        return gradW;
    }

    /**
     * The transposed convolution as a direct scatter, written out on its own rather than read from
     * the forward terms: input [n, c, size], weights [c, o/groups, k], output [n, o, outT].
     */
    static Reference naiveConvTranspose(ConvCase p, double[] x, double[] w) {
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

    // ---- pooling ----

    /** A pooling shape with PyTorch's parameters as (d, h, w) triples. */
    record PoolCase(int n, int c, int[] size, int[] k, int[] s, int[] p, boolean ceil) {
        int[] out() {
            int[] out = new int[3];
            for (int a = 0; a < 3; a++) {
                out[a] = outSize(size[a], k[a], s[a], p[a], ceil);
            }
            return out;
        }

        /** PyTorch's output size: with ceil_mode the last window must start inside the input or the near padding. */
        static int outSize(int in, int k, int s, int p, boolean ceil) {
            int numerator = in + 2 * p - k;
            int out = (ceil ? Math.ceilDiv(numerator, s) : Math.floorDiv(numerator, s)) + 1;
            return ceil && (out - 1) * s >= in + p ? out - 1 : out;
        }

        int inSize() {
            return n * c * volume(size);
        }

        int outSize() {
            return n * c * volume(out());
        }
    }

    /** One output's window, by direct loops over every tap of the unclipped window: max, first argmax, sum and counts. */
    private record Window(double max, long argmax, double sum, int inputs, int padded) {
        static Window of(PoolCase p, double[] x, int plane, int oz, int oy, int ox) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            long argmax = -1;
            int inputs = 0, padded = 0;
            for (int kd = 0; kd < p.k[0]; kd++) {
                for (int ki = 0; ki < p.k[1]; ki++) {
                    for (int kj = 0; kj < p.k[2]; kj++) {
                        int iz = oz * p.s[0] - p.p[0] + kd;
                        int iy = oy * p.s[1] - p.p[1] + ki;
                        int ix = ox * p.s[2] - p.p[2] + kj;
                        if (iz < p.size[0] + p.p[0] && iy < p.size[1] + p.p[1] && ix < p.size[2] + p.p[2]) {
                            padded++;
                        }
                        if (iz < 0 || iz >= p.size[0] || iy < 0 || iy >= p.size[1] || ix < 0 || ix >= p.size[2]) {
                            continue;
                        }
                        long at = ((long) iz * p.size[1] + iy) * p.size[2] + ix;
                        double v = x[(int) (plane * volume(p.size) + at)];
                        sum += v;
                        inputs++;
                        if (v > max) {
                            max = v;
                            argmax = at;
                        }
                    }
                }
            }
            return new Window(max, argmax, sum, inputs, padded);
        }
    }

    @FunctionalInterface
    private interface OutputBody {
        void run(int plane, int oz, int oy, int ox, int o);
    }

    /** Calls {@code body(plane, oz, oy, ox, o)} for every output element o in order. */
    private static void forEachOutput(PoolCase p, OutputBody body) {
        int[] out = p.out();
        int o = 0;
        for (int plane = 0; plane < p.n * p.c; plane++) {
            for (int oz = 0; oz < out[0]; oz++) {
                for (int oy = 0; oy < out[1]; oy++) {
                    for (int ox = 0; ox < out[2]; ox++, o++) {
                        body.run(plane, oz, oy, ox, o);
                    }
                }
            }
        }
    }

    /** Each max and its index, in float and in double, is the max and first argmax of its window of {@code x}. */
    static void assertMaxPoolMatchesWindows(PoolCase p, float[] x, float[] out, long[] indices, double[] outD,
                                            long[] indicesD, String what) {
        double[] xd = widen(x);
        forEachOutput(p, (plane, oz, oy, ox, o) -> {
            Window w = Window.of(p, xd, plane, oz, oy, ox);
            assertEquals(w.max(), out[o], what + " at " + o);
            assertEquals(w.argmax(), indices[o], what + " index at " + o);
            assertEquals(w.max(), outD[o], what + " double at " + o);
            assertEquals(w.argmax(), indicesD[o], what + " double index at " + o);
        });
    }

    /**
     * Each average, in float within 1e-6 and in double within 1e-12, is its window's sum over the count
     * PyTorch divides by: the padded positions with {@code includePad}, else the inputs.
     */
    static void assertAvgPoolMatchesWindows(PoolCase p, float[] x, boolean includePad, float[] out, double[] outD,
                                            String what) {
        double[] xd = widen(x);
        forEachOutput(p, (plane, oz, oy, ox, o) -> {
            Window w = Window.of(p, xd, plane, oz, oy, ox);
            double expected = w.sum() / (includePad ? w.padded() : w.inputs());
            assertEquals(expected, out[o], 1e-6, what + " at " + o);
            assertEquals(expected, outD[o], 1e-12, what + " double at " + o);
        });
    }
}
