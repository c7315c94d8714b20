package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertSameBitsWithOneAndFourThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CPU's standardisation kernels (the core of batch, instance, group and layer norm), through
 * {@link Ops#standardize}: against loops in double, against the composed ops the tensor layer uses
 * where the kept dimensions are not adjacent, and for bits that do not depend on the thread count.
 */
class StandardizationTest {
    private static final double EPS = 1e-5;

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
        Random random = new Random(11);
        // [a, c, b] with the reduced dims around the kept one; rows of 1, of 17 (a vector tail) and 40
        int[][] layouts = {{2, 3, 17}, {1, 5, 40}, {4, 2, 1}, {3, 1, 33}};
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

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }
}
