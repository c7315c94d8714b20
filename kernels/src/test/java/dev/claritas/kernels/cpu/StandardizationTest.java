package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertSameBitsWithOneAndFourThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CPU's standardisation kernels (the core of batch, instance, group and layer norm), through
 * {@link Ops#standardize}, plain and with batch norm's per-channel affine: against loops in double,
 * against the composed ops the tensor layer uses where the kept dimensions are not adjacent, and for
 * bits that do not depend on the thread count.
 */
class StandardizationTest {
    private static final double EPS = 1e-5;
    /** [a, c, b] with the reduced dims around the kept one; rows of 1, of 17 (a vector tail) and 40. */
    private static final int[][] LAYOUTS = {{2, 3, 17}, {1, 5, 40}, {4, 2, 1}, {3, 1, 33}};
    /**
     * b = 1, channels last (batch norm on NHWC, BatchNorm1d), which runs along the rows in parts of
     * whole blocks of rows: c under, at and past a vector's lanes; one part or several, a not a whole
     * number of blocks or of four rows; and 16×48×48 positions of 32 channels.
     */
    private static final int[][] CHANNELS_LAST = {{67, 1, 1}, {40000, 1, 1}, {12000, 3, 1}, {200, 16, 1},
            {4001, 17, 1}, {70, 40, 1}, {16 * 48 * 48, 32, 1}};

    /** x [a, c, b] standardised per channel over a and b, in double, and the gradient of Σ w·x̂. */
    private static double[][] reference(double[] x, double[] w, int a, int c, int b) {
        double[] out = new double[x.length], grad = new double[x.length];
        int count = a * b;
        for (int ch = 0; ch < c; ch++) {
            double mean = 0, var = 0;
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    mean += x[(i * c + ch) * b + j];
                }
            }
            mean /= count;
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    double d = x[(i * c + ch) * b + j] - mean;
                    var += d * d;
                }
            }
            var /= count;
            double rstd = 1 / Math.sqrt(var + EPS), meanGrad = 0, meanProjection = 0;
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    int k = (i * c + ch) * b + j;
                    out[k] = (x[k] - mean) * rstd;
                    meanGrad += w[k] / count;
                    meanProjection += w[k] * out[k] / count;
                }
            }
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    int k = (i * c + ch) * b + j;
                    grad[k] = (w[k] - meanGrad - out[k] * meanProjection) * rstd;
                }
            }
        }
        return new double[][] {out, grad};
    }

    @Test
    void matchesDoubleLoopsForEveryLayout() {
        matchesDoubleLoops(LAYOUTS, new Random(11));
    }

    @Test
    void matchesDoubleLoopsChannelsLast() {
        matchesDoubleLoops(CHANNELS_LAST, new Random(17));
    }

    private static void matchesDoubleLoops(int[][] layouts, Random random) {
        for (int[] layout : layouts) {
            int a = layout[0], c = layout[1], b = layout[2];
            double[] x = new double[a * c * b], w = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 + 2 * random.nextGaussian();
                w[i] = random.nextGaussian();
            }
            double[][] expected = reference(x, w, a, c, b);
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor input = Tensor.of(x, a, c, b).to(dtype).requiresGrad(true);
                Tensor normalized = Ops.standardize(input, new int[] {0, 2}, EPS).normalized();
                normalized.mul(Tensor.of(w, a, c, b).to(dtype)).sum().backward();
                double tolerance = dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
                assertClose(expected[0], normalized.toDoubleArray(), tolerance, dtype + " x̂ " + a + "x" + c + "x" + b);
                assertClose(expected[1], input.grad().toDoubleArray(), tolerance, dtype + " grad " + a + "x" + c + "x" + b);
            }
        }
    }

    @Test
    void agreesWithTheComposedOpsOnPermutedDimensions() {
        Random random = new Random(12);
        double[] values = new double[3 * 4 * 5 * 6], weights = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
            weights[i] = random.nextGaussian();
        }
        // dims {0, 2} of [3, 4, 5, 6] keep 1 and 3, not adjacent: the composed path
        Tensor x = Tensor.of(values, 3, 4, 5, 6).requiresGrad(true);
        Tensor w = Tensor.of(weights, 3, 4, 5, 6);
        Ops.Standardized composed = Ops.standardize(x, new int[] {0, 2}, EPS);
        composed.normalized().mul(w).sum().backward();
        // the same with dims 1 and 2 swapped: {0, 1} of [3, 5, 4, 6] keep 2 and 3, the kernel
        Tensor y = Tensor.of(values, 3, 4, 5, 6).permute(0, 2, 1, 3).requiresGrad(true);
        Ops.Standardized fused = Ops.standardize(y, new int[] {0, 1}, EPS);
        fused.normalized().mul(w.permute(0, 2, 1, 3)).sum().backward();
        assertClose(composed.normalized().toDoubleArray(), fused.normalized().permute(0, 2, 1, 3).contiguous().toDoubleArray(),
                1e-5, "x̂");
        assertClose(x.grad().toDoubleArray(), y.grad().permute(0, 2, 1, 3).contiguous().toDoubleArray(), 1e-5, "gradient");
        assertClose(composed.mean().toDoubleArray(), fused.mean().toDoubleArray(), 1e-6, "mean");
        assertClose(composed.var().toDoubleArray(), fused.var().toDoubleArray(), 1e-6, "variance");
        assertArrayEquals(new int[] {1, 4, 1, 6}, composed.mean().shape().toArray());
        assertArrayEquals(new int[] {1, 1, 4, 6}, fused.mean().shape().toArray());
    }

    /** No dims means every dim, as for the reductions (and as the composed ops read it). */
    @Test
    void noDimsStandardizesOverEveryDim() {
        Tensor x = Tensor.randn(3, 4, 5);
        Ops.Standardized all = Ops.standardize(x, new int[] {0, 1, 2}, EPS);
        Ops.Standardized none = Ops.standardize(x, new int[0], EPS);
        assertArrayEquals(all.normalized().toFloatArray(), none.normalized().toFloatArray());
        assertArrayEquals(all.var().toFloatArray(), none.var().toFloatArray());
        assertArrayEquals(new int[] {1, 1, 1}, none.mean().shape().toArray());
    }

    @Test
    void resultBitsDoNotDependOnThreadCount() throws Exception {
        Tensor x = Tensor.randn(8, 16, 24, 24);
        Tensor w = Tensor.randn(8, 16, 24, 24);
        float[] forward = Ops.standardize(x, new int[] {0, 2, 3}, EPS).normalized().toFloatArray();
        assertSameBitsWithOneAndFourThreads(forward,
                () -> Ops.standardize(x, new int[] {0, 2, 3}, EPS).normalized().toFloatArray(), "x̂");
        float[] gradient = gradient(x, w);
        assertSameBitsWithOneAndFourThreads(gradient, () -> gradient(x, w), "gradient");
    }

    private static float[] gradient(Tensor x, Tensor w) {
        Tensor input = x.detach().requiresGrad(true);
        Ops.standardize(input, new int[] {0, 2, 3}, EPS).normalized().mul(w).sum().backward();
        return input.grad().toFloatArray();
    }

    // ---- with a per-channel affine (batch norm's weight and bias) ----

    /** Random x [a, c, b] (mean 3, sd 2), weight, bias [c] and a projection w of the output. */
    private record AffineCase(int a, int c, int b, double[] x, double[] gamma, double[] beta, double[] w) {
        static AffineCase random(Random random, int a, int c, int b) {
            double[] x = new double[a * c * b], w = new double[x.length], gamma = new double[c], beta = new double[c];
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 + 2 * random.nextGaussian();
                w[i] = random.nextGaussian();
            }
            for (int ch = 0; ch < c; ch++) {
                gamma[ch] = random.nextGaussian();
                beta[ch] = random.nextGaussian();
            }
            return new AffineCase(a, c, b, x, gamma, beta, w);
        }

        Tensor input(DType dtype) {
            return Tensor.of(x, a, c, b).to(dtype).requiresGrad(true);
        }

        Tensor weight(DType dtype) {
            return Tensor.of(gamma, c).to(dtype).requiresGrad(true);
        }

        Tensor bias(DType dtype) {
            return Tensor.of(beta, c).to(dtype).requiresGrad(true);
        }

        Tensor projection(DType dtype) {
            return Tensor.of(w, a, c, b).to(dtype);
        }
    }

    /**
     * In double: {out = x̂·γ + β, dx, dγ, dβ} for the loss Σ w·out. dx is the plain gradient of the
     * projection w·γ (the gradient that reaches x̂), dγ = Σ w·x̂ and dβ = Σ w per channel.
     */
    private static double[][] affineReference(AffineCase t) {
        int a = t.a(), c = t.c(), b = t.b();
        double[] scaled = new double[t.w().length];
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] = t.w()[k] * t.gamma()[k / b % c];
        }
        double[][] plain = reference(t.x(), scaled, a, c, b);
        double[] xHat = plain[0], out = new double[xHat.length], dGamma = new double[c], dBeta = new double[c];
        for (int k = 0; k < out.length; k++) {
            int ch = k / b % c;
            out[k] = xHat[k] * t.gamma()[ch] + t.beta()[ch];
            dGamma[ch] += t.w()[k] * xHat[k];
            dBeta[ch] += t.w()[k];
        }
        return new double[][] {out, plain[1], dGamma, dBeta};
    }

    @Test
    void affineMatchesDoubleLoopsForEveryLayout() {
        affineMatchesDoubleLoops(LAYOUTS, new Random(13));
    }

    @Test
    void affineMatchesDoubleLoopsChannelsLast() {
        affineMatchesDoubleLoops(CHANNELS_LAST, new Random(18));
    }

    private static void affineMatchesDoubleLoops(int[][] layouts, Random random) {
        for (int[] layout : layouts) {
            AffineCase t = AffineCase.random(random, layout[0], layout[1], layout[2]);
            double[][] expected = affineReference(t);
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = t.input(dtype), weight = t.weight(dtype), bias = t.bias(dtype);
                Tensor out = Ops.standardize(x, new int[] {0, 2}, EPS, weight, bias).normalized();
                out.mul(t.projection(dtype)).sum().backward();
                double tolerance = dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
                String where = dtype + " " + layout[0] + "x" + layout[1] + "x" + layout[2];
                assertClose(expected[0], out.toDoubleArray(), tolerance, where + " output");
                assertClose(expected[1], x.grad().toDoubleArray(), tolerance, where + " dx");
                assertClose(expected[2], weight.grad().toDoubleArray(), tolerance, where + " dWeight");
                assertClose(expected[3], bias.grad().toDoubleArray(), tolerance, where + " dBias");
            }
        }
    }

    /**
     * Against x̂ from the plain kernel followed by the broadcast mul and add batch norm composed
     * before: the same multiply and add, so the output bits agree; the gradients differ only in
     * rounding and in the order of the weight's and bias's sums. Both sides take the same kernel, for
     * rows of 37 and for rows of one element (channels last). The per-channel and the channels-last
     * kernels sum in different orders, so their results are never compared bit for bit, only each
     * with the double loops.
     */
    @Test
    void affineAgreesWithStandardizeThenMulAdd() {
        Random random = new Random(14);
        AffineCase[] cases = {AffineCase.random(random, 3, 4, 37), AffineCase.random(random, 300, 20, 1)};
        for (AffineCase t : cases) {
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = t.input(dtype), weight = t.weight(dtype), bias = t.bias(dtype);
                Tensor fused = Ops.standardize(x, new int[] {0, 2}, EPS, weight, bias).normalized();
                fused.mul(t.projection(dtype)).sum().backward();

                Tensor x2 = t.input(dtype), weight2 = t.weight(dtype), bias2 = t.bias(dtype);
                Tensor composed = Ops.standardize(x2, new int[] {0, 2}, EPS).normalized()
                        .mul(weight2.reshape(1, t.c(), 1)).add(bias2.reshape(1, t.c(), 1));
                composed.mul(t.projection(dtype)).sum().backward();

                String where = dtype + " b = " + t.b();
                assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), where + " output");
                double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
                assertClose(x2.grad().toDoubleArray(), x.grad().toDoubleArray(), tolerance, where + " dx");
                assertClose(weight2.grad().toDoubleArray(), weight.grad().toDoubleArray(), tolerance,
                        where + " dWeight");
                assertClose(bias2.grad().toDoubleArray(), bias.grad().toDoubleArray(), tolerance, where + " dBias");
            }
        }
    }

    /**
     * Kept dims 1 and 3 of [3, 4, 5, 6] are not adjacent: the fallback (the composed standardisation,
     * then the affine broadcast as weight reshaped to [1, 4, 1, 6]) against the kernel on the same
     * values with dims 1 and 2 swapped.
     */
    @Test
    void affineFallsBackToComposedOpsOnPermutedDimensions() {
        Random random = new Random(15);
        double[] values = new double[3 * 4 * 5 * 6], projection = new double[values.length];
        double[] gamma = new double[4 * 6], beta = new double[gamma.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
            projection[i] = random.nextGaussian();
        }
        for (int i = 0; i < gamma.length; i++) {
            gamma[i] = random.nextGaussian();
            beta[i] = random.nextGaussian();
        }
        Tensor x = Tensor.of(values, 3, 4, 5, 6).requiresGrad(true);
        Tensor weight = Tensor.of(gamma, 4, 6).requiresGrad(true), bias = Tensor.of(beta, 4, 6).requiresGrad(true);
        Tensor w = Tensor.of(projection, 3, 4, 5, 6);
        Tensor composed = Ops.standardize(x, new int[] {0, 2}, EPS, weight, bias).normalized();
        composed.mul(w).sum().backward();

        Tensor y = Tensor.of(values, 3, 4, 5, 6).permute(0, 2, 1, 3).requiresGrad(true);
        Tensor weight2 = Tensor.of(gamma, 4, 6).requiresGrad(true), bias2 = Tensor.of(beta, 4, 6).requiresGrad(true);
        Tensor fused = Ops.standardize(y, new int[] {0, 1}, EPS, weight2, bias2).normalized();
        fused.mul(w.permute(0, 2, 1, 3)).sum().backward();

        assertClose(composed.toDoubleArray(), fused.permute(0, 2, 1, 3).contiguous().toDoubleArray(), 1e-5, "output");
        assertClose(x.grad().toDoubleArray(), y.grad().permute(0, 2, 1, 3).contiguous().toDoubleArray(), 1e-5, "dx");
        assertClose(weight.grad().toDoubleArray(), weight2.grad().toDoubleArray(), 1e-5, "dWeight");
        assertClose(bias.grad().toDoubleArray(), bias2.grad().toDoubleArray(), 1e-5, "dBias");
        assertArrayEquals(new int[] {4, 6}, weight.grad().shape().toArray(), "dWeight has the weight's shape");
    }

    /** Frozen parameters, or an input that needs no gradient: each gradient alone equals its value when all are wanted. */
    @Test
    void onlyTheWantedGradientsAreComputed() {
        Random random = new Random(16);
        onlyTheWantedGradientsAreComputed(AffineCase.random(random, 2, 3, 21));
        onlyTheWantedGradientsAreComputed(AffineCase.random(random, 500, 17, 1));
    }

    private static void onlyTheWantedGradientsAreComputed(AffineCase t) {
        DType f32 = DType.FLOAT32;
        Tensor x = t.input(f32), weight = t.weight(f32), bias = t.bias(f32);
        Ops.standardize(x, new int[] {0, 2}, EPS, weight, bias).normalized().mul(t.projection(f32)).sum().backward();

        Tensor xOnly = t.input(f32);
        Ops.standardize(xOnly, new int[] {0, 2}, EPS, t.weight(f32).detach(), t.bias(f32).detach()).normalized()
                .mul(t.projection(f32)).sum().backward();
        assertArrayEquals(x.grad().toFloatArray(), xOnly.grad().toFloatArray(), "dx alone");

        Tensor weightOnly = t.weight(f32);
        Ops.standardize(t.input(f32).detach(), new int[] {0, 2}, EPS, weightOnly, t.bias(f32).detach()).normalized()
                .mul(t.projection(f32)).sum().backward();
        assertArrayEquals(weight.grad().toFloatArray(), weightOnly.grad().toFloatArray(), "dWeight alone");

        Tensor biasOnly = t.bias(f32);
        Ops.standardize(t.input(f32).detach(), new int[] {0, 2}, EPS, t.weight(f32).detach(), biasOnly).normalized()
                .mul(t.projection(f32)).sum().backward();
        assertArrayEquals(bias.grad().toFloatArray(), biasOnly.grad().toFloatArray(), "dBias alone");
    }

    @Test
    void affineBitsDoNotDependOnThreadCount() throws Exception {
        Tensor x = Tensor.randn(8, 16, 24, 24), w = Tensor.randn(8, 16, 24, 24);
        assertAffineBitsDoNotDependOnThreadCount(x, w, new int[] {0, 2, 3}, 16);
    }

    /** [N, H, W, C] with C = 24 (a vector and a tail): [a = 9216, c = 24, b = 1], several parts of rows. */
    @Test
    void channelsLastBitsDoNotDependOnThreadCount() throws Exception {
        Tensor x = Tensor.randn(16, 24, 24, 24), w = Tensor.randn(16, 24, 24, 24);
        assertAffineBitsDoNotDependOnThreadCount(x, w, new int[] {0, 1, 2}, 24);
    }

    private static void assertAffineBitsDoNotDependOnThreadCount(Tensor x, Tensor w, int[] dims, int channels)
            throws Exception {
        Tensor gamma = Tensor.randn(channels), beta = Tensor.randn(channels);
        for (int part = 0; part < 4; part++) {
            int which = part;
            float[] expected = affine(x, w, gamma, beta, dims)[which];
            assertSameBitsWithOneAndFourThreads(expected, () -> affine(x, w, gamma, beta, dims)[which],
                    new String[] {"output", "dx", "dWeight", "dBias"}[which]);
        }
    }

    /** {output, dx, dWeight, dBias} of standardisation over dims with an affine, for the loss Σ w·output. */
    private static float[][] affine(Tensor x, Tensor w, Tensor gamma, Tensor beta, int[] dims) {
        Tensor input = x.detach().requiresGrad(true);
        Tensor weight = gamma.detach().requiresGrad(true), bias = beta.detach().requiresGrad(true);
        Tensor out = Ops.standardize(input, dims, EPS, weight, bias).normalized();
        out.mul(w).sum().backward();
        return new float[][] {out.toFloatArray(), input.grad().toFloatArray(), weight.grad().toFloatArray(),
                bias.grad().toFloatArray()};
    }

    @Test
    void weightAndBiasNeedOneValuePerKeptElement() {
        Tensor x = Tensor.randn(2, 3, 4);
        var e = assertThrows(ShapeMismatchException.class,
                () -> Ops.standardize(x, new int[] {0, 2}, EPS, Tensor.ones(4), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[1, 3, 1]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.standardize(x, new int[] {0, 2}, EPS, Tensor.ones(3), null));
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }
}
