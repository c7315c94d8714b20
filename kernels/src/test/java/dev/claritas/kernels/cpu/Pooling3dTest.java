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

/** The 3-D pooling kernels against direct loops over the padded windows, and the average's backward as its adjoint. */
class Pooling3dTest {
    private static final PoolCase[] CASES = {
            // every axis its own kernel, stride and padding; ceil mode lets last windows hang over
            new PoolCase(2, 3, t(5, 7, 9), t(3, 3, 2), t(2, 2, 3), t(1, 1, 1), true),
            new PoolCase(1, 2, t(4, 6, 6), t(2, 2, 2), t(2, 2, 2), t(0, 0, 0), false),
            new PoolCase(1, 2, t(5, 6, 7), t(2, 2, 2), t(2, 2, 2), t(0, 0, 0), true),
            // overlapping windows, padding on one axis only
            new PoolCase(2, 1, t(6, 5, 4), t(3, 5, 1), t(1, 2, 1), t(1, 2, 0), false),
    };

    @Test
    void maxPoolMatchesDirectLoops() {
        Random random = new Random(1);
        for (PoolCase p : CASES) {
            float[] x = randomFloats(random, p.inSize());
            float[] out = new float[p.outSize()];
            long[] indices = new long[p.outSize()];
            Pooling.maxPool3d(x, out, indices, p.n(), p.c(), p.size(), p.k(), p.s(), p.p(), p.out());
            double[] outD = new double[p.outSize()];
            long[] indicesD = new long[p.outSize()];
            Pooling.maxPool3d(widen(x), outD, indicesD, p.n(), p.c(), p.size(), p.k(), p.s(), p.p(), p.out());
            assertMaxPoolMatchesWindows(p, x, out, indices, outD, indicesD, p.toString());
        }
    }

    @Test
    void avgPoolMatchesDirectLoops() {
        Random random = new Random(2);
        for (PoolCase p : CASES) {
            for (boolean includePad : new boolean[] {true, false}) {
                float[] x = randomFloats(random, p.inSize());
                float[] out = new float[p.outSize()];
                Pooling.avgPool3d(x, out, p.n(), p.c(), p.size(), p.k(), p.s(), p.p(), p.out(), includePad);
                double[] outD = new double[p.outSize()];
                Pooling.avgPool3d(widen(x), outD, p.n(), p.c(), p.size(), p.k(), p.s(), p.p(), p.out(), includePad);
                assertAvgPoolMatchesWindows(p, x, includePad, out, outD, p + " includePad=" + includePad);
            }
        }
    }

    /** {@code <avgPool(x), g> = <x, avgPoolBackward(g)>} in double; the float backward agrees with the double one. */
    @Test
    void avgPoolBackwardIsTheAdjoint() {
        Random random = new Random(3);
        for (PoolCase p : CASES) {
            for (boolean includePad : new boolean[] {true, false}) {
                double[] x = randomDoubles(random, p.inSize());
                double[] g = randomDoubles(random, p.outSize());
                double[] out = new double[p.outSize()];
                Pooling.avgPool3d(x, out, p.n(), p.c(), p.size(), p.k(), p.s(), p.p(), p.out(), includePad);
                double[] gradIn = new double[p.inSize()];
                Arrays.fill(gradIn, Double.NaN);
                Pooling.avgPool3dBackward(g, gradIn, p.n(), p.c(), p.size(), p.k(), p.s(), p.p(), p.out(), includePad);
                assertEquals(dot(out, g), dot(x, gradIn), 1e-12 * x.length, p + " includePad=" + includePad);

                float[] gradInF = new float[p.inSize()];
                Arrays.fill(gradInF, Float.NaN);
                Pooling.avgPool3dBackward(narrow(g), gradInF, p.n(), p.c(), p.size(), p.k(), p.s(), p.p(), p.out(),
                        includePad);
                assertEachWithin(gradIn, gradInF, 1e-5, p + " float");
            }
        }
    }

    /** 2-D pooling is 3-D pooling of depth 1: same values, same indices. */
    @Test
    void depthOneIsTwoDimensionalPooling() {
        Random random = new Random(4);
        float[] x = randomFloats(random, 2 * 3 * 7 * 9);
        PoolCase p = new PoolCase(2, 3, t(1, 7, 9), t(1, 3, 2), t(1, 2, 3), t(0, 1, 1), true);
        int[] out = p.out();
        float[] out3 = new float[p.outSize()];
        long[] idx3 = new long[p.outSize()];
        Pooling.maxPool3d(x, out3, idx3, 2, 3, p.size(), p.k(), p.s(), p.p(), out);
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
}
