package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.ONES;
import static dev.claritas.kernels.cpu.KernelTestSupport.ZEROS;
import static dev.claritas.kernels.cpu.KernelTestSupport.assertSameBitsWithOneAndFourThreads;
import static dev.claritas.kernels.cpu.KernelTestSupport.dot;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveConv;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveConvTranspose;
import static dev.claritas.kernels.cpu.KernelTestSupport.naiveWeightGrad;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomDoubles;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomFloats;
import static dev.claritas.kernels.cpu.KernelTestSupport.t;
import static dev.claritas.kernels.cpu.KernelTestSupport.volume;
import static dev.claritas.kernels.cpu.KernelTestSupport.widen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claritas.kernels.cpu.KernelTestSupport.ConvCase;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 3-D convolution kernels against the direct loops of their definitions, in float and double,
 * and against each other: forward, transposed and weight gradient are one bilinear form.
 */
class Convolution3dTest {
    private static final ConvCase[] CASES = {
            // groups, per-axis stride, padding and dilation together, an anisotropic kernel
            new ConvCase(2, 4, t(5, 6, 7), 6, t(3, 2, 3), t(2, 1, 2), t(1, 0, 1), t(1, 2, 1), 2, t(1, 0, 1)),
            // pointwise: the input is its own patch matrix
            new ConvCase(2, 3, t(3, 4, 5), 4, ONES, ONES, ZEROS, ONES, 1, ZEROS),
            // pointwise transposed with stride and output padding: no longer pointwise
            new ConvCase(1, 2, t(3, 2, 3), 2, ONES, t(2, 1, 2), ZEROS, ONES, 1, t(1, 0, 1)),
            // depthwise, "same" padding
            new ConvCase(1, 3, t(4, 5, 4), 3, t(3, 3, 3), ONES, ONES, ONES, 3, ZEROS),
            // kernel wider than the stride, padding past the kernel's reach on one side
            new ConvCase(2, 2, t(5, 4, 6), 4, t(4, 3, 2), t(3, 2, 2), t(2, 1, 1), ONES, 2, t(2, 1, 0)),
            // patch matrix of 216 × 1728 floats, built in two chunks that end inside a line
            new ConvCase(1, 8, t(12, 12, 12), 4, t(3, 3, 3), ONES, ONES, ONES, 1, ZEROS),
            // stride 1, one group: the direct convolution on the padded volume, with dilation and a
            // padding that differs per axis, and with 3 output channels (a part-empty tile)
            new ConvCase(2, 3, t(5, 7, 9), 16, t(3, 2, 3), ONES, t(1, 0, 2), t(1, 2, 1), 1, ZEROS),
            new ConvCase(1, 4, t(4, 5, 6), 3, t(3, 3, 3), ONES, ONES, ONES, 1, ZEROS),
    };

    private static float[] conv(ConvCase p, float[] x, float[] w) {
        float[] out = new float[p.outSize()];
        Arrays.fill(out, Float.NaN);
        Convolution.conv3d(x, w, out, p.n(), p.c(), p.size(), p.o(), p.k(), p.s(), p.p(), p.d(), p.groups());
        return out;
    }

    private static double[] conv(ConvCase p, double[] x, double[] w) {
        double[] out = new double[p.outSize()];
        Arrays.fill(out, Double.NaN);
        Convolution.conv3d(x, w, out, p.n(), p.c(), p.size(), p.o(), p.k(), p.s(), p.p(), p.d(), p.groups());
        return out;
    }

    private static float[] weightGrad(ConvCase p, float[] x, float[] gradOut) {
        float[] gradW = new float[p.weightSize()];
        Arrays.fill(gradW, Float.NaN);
        Convolution.conv3dWeightGrad(x, gradOut, gradW, p.n(), p.c(), p.size(), p.o(), p.k(), p.s(), p.p(),
                p.d(), p.groups());
        return gradW;
    }

    /** The input gradient of conv3d: the transposed convolution of the output gradient back onto the input's size. */
    private static float[] transposeBack(ConvCase p, float[] gradOut, float[] w) {
        float[] xBack = new float[p.inSize()];
        Convolution.convTranspose3d(gradOut, w, xBack, p.n(), p.o(), p.out(), p.c(), p.k(), p.s(), p.p(),
                p.d(), p.groups(), p.backPad());
        return xBack;
    }

    @Test
    void conv3dMatchesDirectLoops() {
        Random random = new Random(1);
        for (ConvCase p : CASES) {
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
        for (ConvCase p : CASES) {
            // Transposed weights are [c, o/groups, k...]: as many elements as [o, c/groups, k...].
            float[] x = randomFloats(random, p.inSize());
            float[] w = randomFloats(random, p.weightSize());
            float[] out = new float[p.n() * p.o() * volume(p.outT())];
            Arrays.fill(out, Float.NaN);
            Convolution.convTranspose3d(x, w, out, p.n(), p.c(), p.size(), p.o(), p.k(), p.s(), p.p(), p.d(),
                    p.groups(), p.outPad());
            naiveConvTranspose(p, widen(x), widen(w)).assertClose(out, 1e-5, p.toString());

            double[] xd = randomDoubles(random, x.length);
            double[] wd = randomDoubles(random, w.length);
            double[] outD = new double[out.length];
            Convolution.convTranspose3d(xd, wd, outD, p.n(), p.c(), p.size(), p.o(), p.k(), p.s(), p.p(),
                    p.d(), p.groups(), p.outPad());
            naiveConvTranspose(p, xd, wd).assertClose(outD, 1e-12, p.toString());
        }
    }

    @Test
    void weightGradMatchesDirectLoops() {
        Random random = new Random(3);
        for (ConvCase p : CASES) {
            float[] x = randomFloats(random, p.inSize());
            float[] gradOut = randomFloats(random, p.outSize());
            naiveWeightGrad(p, widen(x), widen(gradOut)).assertClose(weightGrad(p, x, gradOut), 1e-5, p.toString());

            double[] xd = randomDoubles(random, x.length);
            double[] gd = randomDoubles(random, gradOut.length);
            double[] gradWd = new double[p.weightSize()];
            Convolution.conv3dWeightGrad(xd, gd, gradWd, p.n(), p.c(), p.size(), p.o(), p.k(), p.s(), p.p(),
                    p.d(), p.groups());
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
        for (ConvCase p : CASES) {
            double[] x = randomDoubles(random, p.inSize());
            double[] w = randomDoubles(random, p.weightSize());
            double[] y = randomDoubles(random, p.outSize());
            double[] xBack = new double[x.length];
            Convolution.convTranspose3d(y, w, xBack, p.n(), p.o(), p.out(), p.c(), p.k(), p.s(), p.p(), p.d(),
                    p.groups(), p.backPad());
            double[] gradW = new double[w.length];
            Convolution.conv3dWeightGrad(x, y, gradW, p.n(), p.c(), p.size(), p.o(), p.k(), p.s(), p.p(),
                    p.d(), p.groups());

            double forward = dot(conv(p, x, w), y);
            double tolerance = 1e-12 * Math.max(1, Math.abs(forward)) * x.length;
            assertEquals(forward, dot(x, xBack), tolerance, p.toString());
            assertEquals(forward, dot(w, gradW), tolerance, p.toString());
        }
    }

    @Test
    void resultBitsDoNotDependOnThreadCount() throws Exception {
        assertThreadCountFree(new ConvCase(2, 4, t(6, 9, 8), 6, t(3, 3, 3), ONES, ONES, ONES, 2, ZEROS));
        assertThreadCountFree(new ConvCase(2, 3, t(6, 9, 20), 8, t(3, 3, 3), ONES, ONES, ONES, 1, ZEROS));
    }

    private static void assertThreadCountFree(ConvCase p) throws Exception {
        Random random = new Random(5);
        float[] x = randomFloats(random, p.inSize());
        float[] w = randomFloats(random, p.weightSize());
        float[] gradOut = randomFloats(random, p.outSize());
        float[] out = conv(p, x, w);
        float[] gradW = weightGrad(p, x, gradOut);
        float[] xBack = transposeBack(p, gradOut, w);
        assertSameBitsWithOneAndFourThreads(out, () -> conv(p, x, w), "conv3d");
        assertSameBitsWithOneAndFourThreads(gradW, () -> weightGrad(p, x, gradOut), "weight grad");
        assertSameBitsWithOneAndFourThreads(xBack, () -> transposeBack(p, gradOut, w), "transpose");
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
}
