package dev.claritas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.kernels.cpu.Vectorization;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.MemoryFormat;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Channels-last tensors through the ops, on the CPU: the same values (and gradients) as the same
 * ops on row-major tensors, and the layout kept from op to op where the ops say so.
 */
class ChannelsLastTest {
    private static final MemoryFormat CL = MemoryFormat.CHANNELS_LAST;
    /**
     * The CPU backend convolves channels-last only on its vector path; on the scalar one convolutions
     * fall back to row-major, so there only their values are checked, not their output's layout.
     */
    private static final boolean CONVOLVES_CHANNELS_LAST = Vectorization.ENABLED;

    private static Tensor random(long seed, int... shape) {
        return Ops.uniform(shape, -1, 1, DType.FLOAT32, Device.CPU, new Generator(seed));
    }

    private static boolean isChannelsLast(Tensor t) {
        return t.isContiguous(CL) && !t.isContiguous();
    }

    /** Every element within {@code tolerance} times the largest magnitude of the expected values. */
    private static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape().toArray(), actual.shape().toArray(), what + ": shape");
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tolerance * scale + 1e-30, what + " at " + i);
        }
    }

    @Test
    void channelsLastCopiesHaveThoseStridesAndTheSameElements() {
        Tensor x = random(1, 2, 3, 4, 5);

        Tensor cl = x.contiguous(CL);

        assertArrayEquals(new int[] {60, 1, 15, 3}, cl.strides());
        assertTrue(cl.isContiguous(CL));
        assertFalse(cl.isContiguous());
        assertArrayEquals(x.toFloatArray(), cl.toFloatArray());
        assertSame(cl, cl.contiguous(CL));
        assertArrayEquals(x.toFloatArray(), cl.contiguous().toFloatArray());
    }

    @Test
    void oneChannelIsDenseInBothOrdersAndMarkedChannelsLastByItsStrides() {
        Tensor x = random(2, 2, 1, 4, 5);
        assertTrue(x.isContiguous(CL));

        Tensor cl = x.contiguous(CL);

        assertArrayEquals(new int[] {20, 1, 5, 1}, cl.strides());
        // a channels-last one-channel input makes a convolution's output channels-last
        Tensor out = Ops.conv2d(cl, random(3, 4, 1, 3, 3), null, 1, 1);
        assertEquals(CONVOLVES_CHANNELS_LAST, isChannelsLast(out), "output strides " + java.util.Arrays.toString(out.strides()));
        assertClose(Ops.conv2d(x, random(3, 4, 1, 3, 3), null, 1, 1), out, 1e-6, "conv of a one-channel input");
    }

    @Test
    void channelsLastNeedsAFourDimensionalTensor() {
        Tensor x = random(4, 2, 3, 4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> x.contiguous(CL));
        assertTrue(e.getMessage().contains("4-D"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> x.isContiguous(CL));
    }

    @Test
    void elementwiseOpsKeepTheLayoutAndTheValues() {
        Tensor x = random(5, 2, 6, 3, 4), y = random(6, 2, 6, 3, 4), bias = random(7, 1, 6, 1, 1);
        Tensor xl = x.contiguous(CL), yl = y.contiguous(CL);

        for (var op : java.util.List.<Function<Tensor[], Tensor>>of(
                t -> t[0].relu(), t -> t[0].add(t[1]), t -> t[0].mul(t[2]), t -> t[1].sub(t[0]),
                t -> Ops.where(t[0].gt(t[1]), t[0], t[2]))) {
            Tensor expected = op.apply(new Tensor[] {x, y, bias});
            Tensor actual = op.apply(new Tensor[] {xl, yl, bias});
            assertTrue(isChannelsLast(actual), "strides " + java.util.Arrays.toString(actual.strides()));
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray());
        }
    }

    @Test
    void sumsOverAChannelsLastTensorMatchRowMajor() {
        Tensor x = random(8, 3, 5, 7, 6);
        Tensor xl = x.contiguous(CL);

        assertClose(x.sum(new int[] {0, 2, 3}, false), xl.sum(new int[] {0, 2, 3}, false), 1e-6, "per-channel sums");
        assertClose(x.sum(new int[] {1}, true), xl.sum(new int[] {1}, true), 1e-6, "channel sums");
        assertClose(x.sum(), xl.sum(), 1e-6, "total");
    }

    @Test
    void batchNormOnChannelsLastMatchesRowMajorForwardAndBackward() {
        Tensor x = random(9, 4, 19, 6, 5), g = random(10, 4, 19, 6, 5);
        int[] dims = {0, 2, 3};
        Tensor[] rowMajor = standardizeWithGradients(x, g, dims);
        Tensor[] channelsLast = standardizeWithGradients(x.contiguous(CL), g.contiguous(CL), dims);

        assertTrue(isChannelsLast(channelsLast[0]));
        String[] names = {"output", "dx", "dweight", "dbias", "mean", "var"};
        for (int i = 0; i < names.length; i++) {
            assertClose(rowMajor[i], channelsLast[i], 1e-5, names[i]);
        }
        assertTrue(isChannelsLast(channelsLast[1]), "dx keeps the layout");
    }

    @ParameterizedTest(name = "batch of {0}")
    @CsvSource({"1, true", "3, false"})
    void instanceNormOnChannelsLastMatchesRowMajorAndKeepsTheLayoutForOneImage(int batch, boolean staysChannelsLast) {
        Tensor x = random(13, batch, 19, 6, 5);
        int[] dims = {2, 3};
        Function<Tensor[], Tensor> instanceNorm = t -> Ops.standardize(t[0], dims, 1e-5).normalized();
        Tensor[] rowMajor = withGradients(instanceNorm, x);
        Tensor[] channelsLast = withGradients(instanceNorm, x.contiguous(CL));
        Ops.Standardized statistics = Ops.standardize(x.contiguous(CL), dims, 1e-5);
        Ops.Standardized rowMajorStatistics = Ops.standardize(x, dims, 1e-5);

        assertClose(rowMajor[0], channelsLast[0], 1e-5, "output");
        assertClose(rowMajor[1], channelsLast[1], 1e-5, "dx");
        assertClose(rowMajorStatistics.mean(), statistics.mean(), 1e-5, "mean");
        assertClose(rowMajorStatistics.var(), statistics.var(), 1e-5, "var");
        assertEquals(staysChannelsLast, isChannelsLast(channelsLast[0]), "output layout");
        assertTrue(isChannelsLast(channelsLast[1]), "dx takes the channels-last leaf's layout");
    }

    @Test
    void concatenatingChannelsLastTensorsGivesAChannelsLastResultWithTheSameValuesAndGradients() {
        Tensor a = random(15, 2, 3, 5, 4), b = random(16, 2, 6, 5, 4);
        Function<Tensor[], Tensor> cat = t -> Ops.cat(List.of(t[0], t[1]), 1);

        Tensor[] rowMajor = withGradients(cat, a, b);
        Tensor[] channelsLast = withGradients(cat, a.contiguous(CL), b.contiguous(CL));
        Tensor mixed = Ops.cat(List.of(a.contiguous(CL), b), 1);

        assertTrue(isChannelsLast(channelsLast[0]));
        assertArrayEquals(rowMajor[0].toFloatArray(), channelsLast[0].toFloatArray());
        assertArrayEquals(rowMajor[1].toFloatArray(), channelsLast[1].toFloatArray(), "da");
        assertArrayEquals(rowMajor[2].toFloatArray(), channelsLast[2].toFloatArray(), "db");
        assertTrue(mixed.isContiguous(), "a row-major input makes the result row-major");
        assertArrayEquals(rowMajor[0].toFloatArray(), mixed.toFloatArray());
    }

    @ParameterizedTest(name = "{0} channels on {1}×{2}")
    @CsvSource({"32, 8, 6", "3, 7, 9", "1, 4, 4", "17, 5, 2"})
    void averagePoolingOnChannelsLastGivesTheRowMajorBitsAndKeepsTheLayout(int c, int h, int w) {
        Tensor x = random(17, 2, c, h, w);
        Function<Tensor[], Tensor> pool = t -> Ops.avgPool2d(t[0], 2);

        Tensor[] rowMajor = withGradients(pool, x);
        Tensor[] channelsLast = withGradients(pool, x.contiguous(CL));

        assertArrayEquals(rowMajor[0].toFloatArray(), channelsLast[0].toFloatArray(), "output");
        assertArrayEquals(rowMajor[1].toFloatArray(), channelsLast[1].toFloatArray(), "dx (odd rows and columns: 0)");
        if (c > 1) {
            assertTrue(isChannelsLast(channelsLast[0]), "output layout");
            assertTrue(isChannelsLast(channelsLast[1]), "dx layout");
        }
    }

    /** PyTorch's gradient layout contract: a leaf's gradient takes the leaf's layout, whatever view it arrives as. */
    @Test
    void aLeafsGradientTakesTheLeafsLayoutWhateverViewItArrivesAs() {
        Tensor r = random(29, 2, 4, 5, 3);
        Tensor rowMajor = random(30, 2, 3, 4, 5).requiresGrad(true);
        Tensor channelsLast = random(30, 2, 3, 4, 5).contiguous(CL).requiresGrad(true);

        // the gradient of permute(0, 2, 3, 1) is a permuted view: dense, with channels-last strides
        rowMajor.permute(0, 2, 3, 1).mul(r).sum().backward();
        channelsLast.permute(0, 2, 3, 1).mul(r).sum().backward();
        rowMajor.permute(0, 2, 3, 1).mul(r).sum().backward(); // a second gradient is added in the same layout

        Tensor expected = r.permute(0, 3, 1, 2);
        assertTrue(rowMajor.grad().isContiguous(), "a row-major leaf gets a row-major gradient");
        assertArrayEquals(expected.mul(2).toFloatArray(), rowMajor.grad().toFloatArray());
        assertTrue(isChannelsLast(channelsLast.grad()), "a channels-last leaf gets a channels-last gradient");
        assertArrayEquals(expected.toFloatArray(), channelsLast.grad().toFloatArray());
    }

    private static Tensor[] standardizeWithGradients(Tensor input, Tensor g, int[] dims) {
        Tensor x = input.detach().requiresGrad(true);
        Tensor weight = random(11, 19).requiresGrad(true), bias = random(12, 19).requiresGrad(true);
        Ops.Standardized s = Ops.standardize(x, dims, 1e-5, weight, bias);
        s.normalized().mul(g).sum().backward();
        return new Tensor[] {s.normalized(), x.grad(), weight.grad(), bias.grad(), s.mean(), s.var()};
    }

    @ParameterizedTest(name = "{0}→{1} k{2} pad {3} on {4}×{5}")
    @CsvSource({"1, 8, 3, 1, 9, 7", "8, 8, 3, 1, 9, 7", "8, 1, 3, 1, 9, 7", "16, 32, 3, 1, 13, 26", "5, 7, 5, 2, 8, 11",
            "6, 3, 2, 0, 5, 6", "3, 4, 1, 0, 4, 4", "4, 6, 3, 0, 7, 9"})
    void convolutionOnChannelsLastMatchesRowMajorWithGradients(int c, int o, int k, int pad, int h, int w) {
        Tensor x = random(13, 2, c, h, w), weight = random(14, o, c, k, k), bias = random(15, o);
        Function<Tensor[], Tensor> conv = t -> Ops.conv2d(t[0], t[1], t[2], 1, pad);

        Tensor[] rowMajor = withGradients(conv, x, weight, bias);
        Tensor[] channelsLast = withGradients(conv, x.contiguous(CL), weight, bias);

        assertTrue(isChannelsLast(channelsLast[0]) || o == 1 || !CONVOLVES_CHANNELS_LAST,
                "output strides " + java.util.Arrays.toString(channelsLast[0].strides()));
        String[] names = {"output", "dx", "dweight", "dbias"};
        for (int i = 0; i < names.length; i++) {
            assertClose(rowMajor[i], channelsLast[i], 1e-5, names[i]);
        }
    }

    @ParameterizedTest(name = "{0}→{1} k{2} pad {3}")
    @CsvSource({"8, 8, 3, 1", "1, 8, 3, 1", "8, 1, 3, 2", "5, 7, 2, 0"})
    void strideOneTransposedConvolutionOnChannelsLastMatchesRowMajor(int c, int o, int k, int pad) {
        Tensor x = random(16, 2, c, 7, 9), weight = random(17, c, o, k, k), bias = random(18, o);
        int[] one = {1, 1}, none = {0, 0};
        Function<Tensor[], Tensor> convT = t -> Ops.convTranspose2d(t[0], t[1], t[2], one, new int[] {pad, pad}, none, 1, one);

        Tensor[] rowMajor = withGradients(convT, x, weight, bias);
        Tensor[] channelsLast = withGradients(convT, x.contiguous(CL), weight, bias);

        assertTrue(isChannelsLast(channelsLast[0]) || o == 1 || !CONVOLVES_CHANNELS_LAST);
        String[] names = {"output", "dx", "dweight", "dbias"};
        for (int i = 0; i < names.length; i++) {
            assertClose(rowMajor[i], channelsLast[i], 1e-5, names[i]);
        }
    }

    /** A kernel equal to its stride: one matrix product and a move of each pixel's block, channels-last. */
    @ParameterizedTest(name = "{0}→{1} kernel {2}×{3}")
    @CsvSource({"8, 4, 2, 2", "3, 5, 3, 3", "4, 2, 2, 3", "6, 1, 2, 2"})
    void transposedConvolutionWhoseKernelIsItsStrideStaysChannelsLastAndMatchesRowMajor(int c, int o, int kh, int kw) {
        Tensor x = random(26, 2, c, 5, 6), weight = random(27, c, o, kh, kw), bias = random(28, o);
        int[] stride = {kh, kw}, none = {0, 0};
        Function<Tensor[], Tensor> convT = t -> Ops.convTranspose2d(t[0], t[1], t[2], stride, none, none, 1, new int[] {1, 1});

        Tensor[] rowMajor = withGradients(convT, x, weight, bias);
        Tensor[] channelsLast = withGradients(convT, x.contiguous(CL), weight, bias);

        assertTrue(o == 1 || isChannelsLast(channelsLast[0]), "output layout");
        String[] names = {"output", "dx", "dweight", "dbias"};
        for (int i = 0; i < names.length; i++) {
            assertClose(rowMajor[i], channelsLast[i], 1e-5, names[i]);
        }
    }

    @Test
    void convolutionsWithoutAChannelsLastKernelGiveRowMajorResults() {
        Tensor x = random(19, 2, 4, 9, 8), weight = random(20, 6, 4, 3, 3);
        Tensor strided = Ops.conv2d(x.contiguous(CL), weight, null, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1);

        assertTrue(strided.isContiguous());
        assertClose(Ops.conv2d(x, weight, null, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1), strided, 1e-6,
                "stride 2");
    }

    @Test
    void aChainOfLayersStaysChannelsLastAndMatchesRowMajor() {
        Tensor x = random(21, 3, 1, 12, 10), w1 = random(22, 8, 1, 3, 3), w2 = random(23, 8, 8, 3, 3),
                w3 = random(24, 1, 8, 3, 3), target = random(25, 3, 1, 12, 10);
        Function<Tensor[], Tensor> net = t -> {
            Tensor h = Ops.conv2d(t[0], t[1], null, 1, 1).relu();
            assertEquals(CONVOLVES_CHANNELS_LAST && t[0].strides()[1] == 1, isChannelsLast(h),
                    "the first layer follows its input's strides");
            h = Ops.standardize(Ops.conv2d(h, t[2], null, 1, 1), new int[] {0, 2, 3}, 1e-5).normalized().relu();
            Tensor out = t[0].sub(Ops.conv2d(h, t[3], null, 1, 1));
            return out.sub(target).pow(2).mean();
        };

        Tensor[] rowMajor = withGradients(net, x, w1, w2, w3);
        Tensor[] channelsLast = withGradients(net, x.contiguous(CL), w1, w2, w3);

        String[] names = {"loss", "dx", "dw1", "dw2", "dw3"};
        for (int i = 0; i < names.length; i++) {
            assertClose(rowMajor[i], channelsLast[i], 1e-5, names[i]);
        }
    }

    /** f's output and the gradients of Σ f·r (r random) with respect to each input. */
    private static Tensor[] withGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].detach().requiresGrad(true);
        }
        Tensor out = f.apply(leaves);
        out.mul(random(99, out.shape().toArray())).sum().backward();
        Tensor[] results = new Tensor[inputs.length + 1];
        results[0] = out;
        for (int i = 0; i < inputs.length; i++) {
            results[i + 1] = leaves[i].grad();
        }
        return results;
    }
}
