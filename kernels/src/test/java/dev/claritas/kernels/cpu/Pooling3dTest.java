package dev.claritas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 3-D pooling kernels against direct loops over the padded windows, and the average's backward as its adjoint. */
class Pooling3dTest {
    /** A pooling shape with PyTorch's parameters as (d, h, w) triples. */
    private record Pool(int n, int c, int[] size, int[] k, int[] s, int[] p, boolean ceil) {
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

    private static int[] t(int d, int h, int w) {
        return new int[] {d, h, w};
    }

    private static final Pool[] CASES = {
            // every axis its own kernel, stride and padding; ceil mode lets last windows hang over
            new Pool(2, 3, t(5, 7, 9), t(3, 3, 2), t(2, 2, 3), t(1, 1, 1), true),
            new Pool(1, 2, t(4, 6, 6), t(2, 2, 2), t(2, 2, 2), t(0, 0, 0), false),
            new Pool(1, 2, t(5, 6, 7), t(2, 2, 2), t(2, 2, 2), t(0, 0, 0), true),
            // overlapping windows, padding on one axis only
            new Pool(2, 1, t(6, 5, 4), t(3, 5, 1), t(1, 2, 1), t(1, 2, 0), false),
    };

    private static int volume(int[] size) {
        return size[0] * size[1] * size[2];
    }

    /** One output's window, by direct loops over every tap of the unclipped window: max, first argmax, sum and counts. */
    private record Window(double max, long argmax, double sum, int inputs, int padded) {
        static Window of(Pool p, double[] x, int plane, int oz, int oy, int ox) {
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

    /** Calls {@code body(plane, oz, oy, ox, o)} for every output element o in order. */
    private static void forEachOutput(Pool p, OutputBody body) {
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

    @FunctionalInterface
    private interface OutputBody {
        void run(int plane, int oz, int oy, int ox, int o);
    }

    @Test
    void maxPoolMatchesDirectLoops() {
        Random random = new Random(1);
        for (Pool p : CASES) {
            float[] x = randomFloats(random, p.inSize());
            float[] out = new float[p.outSize()];
            long[] indices = new long[p.outSize()];
            Pooling.maxPool3d(x, out, indices, p.n, p.c, p.size, p.k, p.s, p.p, p.out());
            double[] outD = new double[p.outSize()];
            long[] indicesD = new long[p.outSize()];
            Pooling.maxPool3d(widen(x), outD, indicesD, p.n, p.c, p.size, p.k, p.s, p.p, p.out());
            double[] xd = widen(x);
            forEachOutput(p, (plane, oz, oy, ox, o) -> {
                Window w = Window.of(p, xd, plane, oz, oy, ox);
                assertEquals(w.max(), out[o], p + " at " + o);
                assertEquals(w.argmax(), indices[o], p + " index at " + o);
                assertEquals(w.max(), outD[o], p + " double at " + o);
                assertEquals(w.argmax(), indicesD[o], p + " double index at " + o);
            });
        }
    }

    @Test
    void avgPoolMatchesDirectLoops() {
        Random random = new Random(2);
        for (Pool p : CASES) {
            for (boolean includePad : new boolean[] {true, false}) {
                float[] x = randomFloats(random, p.inSize());
                float[] out = new float[p.outSize()];
                Pooling.avgPool3d(x, out, p.n, p.c, p.size, p.k, p.s, p.p, p.out(), includePad);
                double[] outD = new double[p.outSize()];
                Pooling.avgPool3d(widen(x), outD, p.n, p.c, p.size, p.k, p.s, p.p, p.out(), includePad);
                double[] xd = widen(x);
                String what = p + " includePad=" + includePad;
                forEachOutput(p, (plane, oz, oy, ox, o) -> {
                    Window w = Window.of(p, xd, plane, oz, oy, ox);
                    double expected = w.sum() / (includePad ? w.padded() : w.inputs());
                    assertEquals(expected, out[o], 1e-6, what + " at " + o);
                    assertEquals(expected, outD[o], 1e-12, what + " double at " + o);
                });
            }
        }
    }

    /** {@code <avgPool(x), g> = <x, avgPoolBackward(g)>} in double; the float backward agrees with the double one. */
    @Test
    void avgPoolBackwardIsTheAdjoint() {
        Random random = new Random(3);
        for (Pool p : CASES) {
            for (boolean includePad : new boolean[] {true, false}) {
                double[] x = randomDoubles(random, p.inSize());
                double[] g = randomDoubles(random, p.outSize());
                double[] out = new double[p.outSize()];
                Pooling.avgPool3d(x, out, p.n, p.c, p.size, p.k, p.s, p.p, p.out(), includePad);
                double[] gradIn = new double[p.inSize()];
                Arrays.fill(gradIn, Double.NaN);
                Pooling.avgPool3dBackward(g, gradIn, p.n, p.c, p.size, p.k, p.s, p.p, p.out(), includePad);
                assertEquals(dot(out, g), dot(x, gradIn), 1e-12 * x.length, p + " includePad=" + includePad);

                float[] gradInF = new float[p.inSize()];
                Arrays.fill(gradInF, Float.NaN);
                Pooling.avgPool3dBackward(narrow(g), gradInF, p.n, p.c, p.size, p.k, p.s, p.p, p.out(), includePad);
                for (int i = 0; i < gradIn.length; i++) {
                    assertEquals(gradIn[i], gradInF[i], 1e-5, p + " float at " + i);
                }
            }
        }
    }

    /** 2-D pooling is 3-D pooling of depth 1: same values, same indices. */
    @Test
    void depthOneIsTwoDimensionalPooling() {
        Random random = new Random(4);
        float[] x = randomFloats(random, 2 * 3 * 7 * 9);
        Pool p = new Pool(2, 3, t(1, 7, 9), t(1, 3, 2), t(1, 2, 3), t(0, 1, 1), true);
        int[] out = p.out();
        float[] out3 = new float[p.outSize()];
        long[] idx3 = new long[p.outSize()];
        Pooling.maxPool3d(x, out3, idx3, 2, 3, p.size, p.k, p.s, p.p, out);
        float[] out2 = new float[p.outSize()];
        long[] idx2 = new long[p.outSize()];
        Pooling.maxPool2d(x, out2, idx2, 2, 3, 7, 9, 3, 2, 2, 3, 1, 1, out[1], out[2]);
        assertArrayEquals(out2, out3);
        assertArrayEquals(idx2, idx3);
    }

    @Test
    void rejectsWindowsOutsideTheInput() {
        // an output depth of 3 asks for a window starting in the far padding
        assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool3d(new float[8], new float[12], new long[12],
                1, 1, t(2, 2, 2), t(2, 2, 2), t(2, 2, 2), t(1, 1, 1), t(3, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Pooling.avgPool3d(new double[8], new double[1],
                1, 1, t(2, 2, 2), t(2, 2, 2), t(2, 2, 2), new int[] {0, 0}, t(1, 1, 1), true));
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

    private static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
