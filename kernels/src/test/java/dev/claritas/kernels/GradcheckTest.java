package dev.claritas.kernels;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.GradCheck;
import dev.claritas.tensor.MemoryFormat;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.PadMode;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.spi.UpsampleMode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference gradcheck in float64, on every available device, of every differentiable op of the public API,
 * with PyTorch's defaults (eps 1e-6, atol 1e-5, rtol 1e-3). {@link GradCheck} compares the
 * analytic gradient of {@code sum(f(inputs) · random projection)} with central differences, one
 * input element at a time.
 *
 * <p>Inputs are small (GradCheck perturbs each element) and drawn from a seeded generator, and
 * they stay away from the points where an op is not differentiable (|x| at 0, relu at 0, clamp at
 * its bounds, ties of max/min) by construction, so a central difference of width 2e-6 never
 * straddles a kink.
 */
class GradcheckTest {
    private static final long SEED = 20261121L;
    /** PyTorch's gradcheck defaults for float64. */
    private static final double DEFAULT_EPS = 1e-6;
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-3;

    /** One op under test: how to make its inputs, and the function of them to check. */
    private record Case(String name, Function<Inputs, List<Tensor>> inputs, Function<List<Tensor>, Tensor> f, double eps) {}

    /** Float64 CPU leaves that require grad, drawn from one seeded stream. */
    private static final class Inputs {
        private final SplittableRandom rng = new SplittableRandom(SEED);

        private static Tensor leaf(double[] values, int... shape) {
            return Tensor.of(values, shape).to(device).requiresGrad(true);
        }

        private static int numel(int[] shape) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** Standard normal values. */
        Tensor normal(int... shape) {
            double[] v = new double[numel(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
            }
            return leaf(v, shape);
        }

        /** Uniform on [lo, hi): e.g. positive values for log, sqrt and pow's base. */
        Tensor uniform(double lo, double hi, int... shape) {
            double[] v = new double[numel(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextDouble(lo, hi);
            }
            return leaf(v, shape);
        }

        /** Magnitudes in [0.2, 1.5) with random signs: at least 0.2 from zero, where abs/relu/division have kinks or poles. */
        Tensor awayFromZero(int... shape) {
            double[] v = new double[numel(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = signedMagnitude(0.2, 1.5);
            }
            return leaf(v, shape);
        }

        /** Distinct values at least 0.1 apart in random order, so maxima and minima have no ties. */
        Tensor distinct(int... shape) {
            int n = numel(shape);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = (i - n / 2) * 0.1;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
            }
            return leaf(v, shape);
        }

        /** Values on a 2^-10 grid in (-4, 4): exactly representable in float32, as are x ± 2^-20. */
        Tensor float32Exact(int... shape) {
            double[] v = new double[numel(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextInt(-4095, 4096) / 1024.0;
            }
            return leaf(v, shape);
        }

        /** Normal values nudged so that none lies within 0.1 of {@code lo} or {@code hi}. */
        Tensor awayFrom(double lo, double hi, int... shape) {
            double[] v = new double[numel(shape)];
            for (int i = 0; i < v.length; i++) {
                double x;
                do {
                    x = rng.nextGaussian();
                } while (Math.abs(x - lo) < 0.1 || Math.abs(x - hi) < 0.1);
                v[i] = x;
            }
            return leaf(v, shape);
        }

        /** A pair (a, b) with b broadcast against a along a's leading dims and every |a - b| ≥ 0.1: no ties for maximum/minimum. */
        List<Tensor> separatedPair(int rows, int cols) {
            double[] b = new double[cols];
            for (int j = 0; j < cols; j++) {
                b[j] = rng.nextGaussian();
            }
            double[] a = new double[rows * cols];
            for (int i = 0; i < a.length; i++) {
                a[i] = b[i % cols] + signedMagnitude(0.1, 1.0);
            }
            return List.of(leaf(a, rows, cols), leaf(b, cols));
        }

        private double signedMagnitude(double lo, double hi) {
            double m = rng.nextDouble(lo, hi);
            return rng.nextBoolean() ? m : -m;
        }
    }

    private static Named<Case> op(String name, Function<Inputs, List<Tensor>> inputs, Function<List<Tensor>, Tensor> f) {
        return op(name, inputs, f, DEFAULT_EPS);
    }

    private static Named<Case> op(String name, Function<Inputs, List<Tensor>> inputs, Function<List<Tensor>, Tensor> f, double eps) {
        return Named.of(name, new Case(name, inputs, f, eps));
    }

    /** One input. */
    private static Named<Case> unary(String name, Function<Inputs, Tensor> input, Function<Tensor, Tensor> f) {
        return op(name, in -> List.of(input.apply(in)), xs -> f.apply(xs.get(0)));
    }

    private static int[] ints(int... values) {
        return values;
    }

    private static Tensor indices(long[] values, int... shape) {
        return Tensor.of(values, shape).to(device);
    }

    /**
     * The device the cases' tensors are made on (inputs, index and mask constants). A field rather than
     * a parameter of every case, because the cases build their constants inside their functions;
     * JUnit runs the cases of this class one at a time.
     */
    private static Device device = Device.CPU;

    static Stream<Arguments> casesOnEveryDevice() {
        List<Named<Case>> all = Stream.of(elementwise(), reductions(), linearAlgebra(), convolution(),
                poolingAndResampling(), indexingAndJoining(), views(), fourierAndLosses()).flatMap(s -> s).toList();
        return Backends.devices().stream().flatMap(d -> all.stream().map(c -> Arguments.of(d, c)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("casesOnEveryDevice")
    void analyticGradientMatchesFiniteDifferences(Device on, Case c) {
        device = on;
        List<Tensor> inputs = c.inputs().apply(new Inputs());
        GradCheck.Result result = GradCheck.check(c.f(), inputs, c.eps(), ATOL, RTOL);
        assertTrue(result.passed(), () -> c.name() + ": gradcheck failed at " + result.where());
    }

    @Test
    void theCheckRejectsAWrongGradient() {
        // x * detach(x) has derivative 2x numerically but autograd sees only x: a check that passed
        // this would pass anything
        device = Device.CPU;
        Tensor x = new Inputs().awayFromZero(2, 3);
        GradCheck.Result result = GradCheck.check(xs -> xs.get(0).mul(xs.get(0).detach()), List.of(x), DEFAULT_EPS, ATOL, RTOL);
        assertFalse(result.passed(), "gradcheck accepted a gradient that is half the true one");
    }

    static Stream<Named<Case>> elementwise() {
        return Stream.of(
                unary("neg", in -> in.normal(2, 3), Tensor::neg),
                unary("abs", in -> in.awayFromZero(2, 3), Tensor::abs),
                unary("exp", in -> in.normal(2, 3), Tensor::exp),
                unary("log", in -> in.uniform(0.5, 2, 2, 3), Tensor::log),
                unary("sqrt", in -> in.uniform(0.5, 2, 2, 3), Tensor::sqrt),
                unary("rsqrt", in -> in.uniform(0.5, 2, 2, 3), Tensor::rsqrt),
                unary("sin", in -> in.normal(2, 3), Tensor::sin),
                unary("cos", in -> in.normal(2, 3), Tensor::cos),
                unary("tanh", in -> in.normal(2, 3), Tensor::tanh),
                unary("sigmoid", in -> in.normal(2, 3), Tensor::sigmoid),
                unary("relu", in -> in.awayFromZero(2, 3), Tensor::relu),
                unary("relu, 69 elements of a transposed view", in -> in.awayFromZero(23, 3), x -> x.transpose(0, 1).relu()),
                unary("leakyRelu", in -> in.awayFromZero(2, 3), x -> x.leakyRelu(0.1)),
                unary("gelu", in -> in.normal(2, 3), Tensor::gelu),
                unary("pow scalar, fractional exponent", in -> in.uniform(0.5, 2, 2, 3), x -> x.pow(2.5)),
                unary("pow scalar, integer exponent, negative base", in -> in.awayFromZero(2, 3), x -> x.pow(3)),
                unary("pow scalar, negative exponent", in -> in.uniform(0.5, 2, 2, 3), x -> x.pow(-1.5)),
                op("pow tensor, broadcast exponent", in -> List.of(in.uniform(0.5, 2, 2, 3), in.uniform(-1.5, 1.5, 3)),
                        xs -> xs.get(0).pow(xs.get(1))),
                unary("clamp both sides", in -> in.awayFrom(-0.5, 0.5, 3, 4), x -> x.clamp(-0.5, 0.5)),
                unary("clamp min only", in -> in.awayFrom(-0.5, -0.5, 3, 4), x -> x.clamp(-0.5, Double.NaN)),
                unary("clamp max only", in -> in.awayFrom(0.5, 0.5, 3, 4), x -> x.clamp(Double.NaN, 0.5)),
                op("add broadcast [2,3] + [3]", in -> List.of(in.normal(2, 3), in.normal(3)), xs -> xs.get(0).add(xs.get(1))),
                op("add broadcast [2,1,3] + [4,1]", in -> List.of(in.normal(2, 1, 3), in.normal(4, 1)),
                        xs -> xs.get(0).add(xs.get(1))),
                op("sub broadcast [3,1] - [1,4]", in -> List.of(in.normal(3, 1), in.normal(1, 4)), xs -> xs.get(0).sub(xs.get(1))),
                op("mul broadcast [2,3,4] * [3,1]", in -> List.of(in.normal(2, 3, 4), in.normal(3, 1)),
                        xs -> xs.get(0).mul(xs.get(1))),
                op("mul by scalar tensor", in -> List.of(in.normal(2, 3), in.normal()), xs -> xs.get(0).mul(xs.get(1))),
                op("div broadcast [2,3] / [2,1]", in -> List.of(in.normal(2, 3), in.awayFromZero(2, 1)),
                        xs -> xs.get(0).div(xs.get(1))),
                op("maximum broadcast", in -> in.separatedPair(2, 3), xs -> xs.get(0).maximum(xs.get(1))),
                op("minimum broadcast", in -> in.separatedPair(2, 3), xs -> xs.get(0).minimum(xs.get(1))),
                op("where broadcast", in -> List.of(in.normal(2, 3), in.normal(3)), xs -> Ops.where(
                        Tensor.of(new boolean[] {true, false, false, true, true, false}, 2, 3).to(device), xs.get(0), xs.get(1))));
    }

    static Stream<Named<Case>> reductions() {
        return Stream.of(
                unary("sum all", in -> in.normal(2, 3, 4), Tensor::sum),
                unary("sum dim 1", in -> in.normal(2, 3, 4), x -> x.sum(1, false)),
                unary("sum dims [0,2] keepdim", in -> in.normal(2, 3, 4), x -> x.sum(ints(0, 2), true)),
                unary("sum dim -1 keepdim", in -> in.normal(2, 3, 4), x -> x.sum(-1, true)),
                unary("mean all", in -> in.normal(2, 3, 4), Tensor::mean),
                unary("mean dim 0", in -> in.normal(2, 3, 4), x -> x.mean(0, false)),
                unary("mean dims [1,2] keepdim", in -> in.normal(2, 3, 4), x -> x.mean(ints(1, 2), true)),
                unary("var dim 1 unbiased", in -> in.normal(3, 5), x -> x.var(ints(1), 1, false)),
                unary("var dims [0,1] biased keepdim", in -> in.normal(3, 5), x -> x.var(ints(0, 1), 0, true)),
                unary("std dim 0 unbiased keepdim", in -> in.normal(4, 3), x -> x.std(ints(0), 1, true)),
                // the closed-form gradient of batch, instance and layer standardisation
                unary("standardize dims [0,2,3] (batch)", in -> in.normal(3, 2, 2, 3),
                        x -> Ops.standardize(x, ints(0, 2, 3), 1e-5).normalized()),
                unary("standardize dims [2,3] (instance)", in -> in.normal(2, 2, 3, 3),
                        x -> Ops.standardize(x, ints(2, 3), 1e-5).normalized()),
                unary("standardize dims [2,3] (instance) of one channels-last image", in -> in.normal(1, 3, 3, 4),
                        x -> Ops.standardize(x.contiguous(MemoryFormat.CHANNELS_LAST), ints(2, 3), 1e-5).normalized()),
                unary("standardize dim 1, large eps", in -> in.normal(4, 5),
                        x -> Ops.standardize(x, ints(1), 0.5).normalized()),
                // kept dimensions 1 and 3 are not adjacent: composed ops rather than the backend's kernel
                unary("standardize dims [0,2] (composed)", in -> in.normal(2, 3, 2, 2),
                        x -> Ops.standardize(x, ints(0, 2), 1e-5).normalized()),
                // with batch norm's affine, one node over x, weight and bias (the kernel) or composed after x̂
                op("standardize dims [0,2,3] with weight and bias (batch norm)",
                        in -> List.of(in.normal(3, 2, 2, 3), in.normal(2), in.normal(2)),
                        xs -> Ops.standardize(xs.get(0), ints(0, 2, 3), 1e-5, xs.get(1), xs.get(2)).normalized()),
                op("standardize dim 1 with weight and bias [4]", in -> List.of(in.normal(4, 5), in.normal(4), in.normal(4)),
                        xs -> Ops.standardize(xs.get(0), ints(1), 0.5, xs.get(1), xs.get(2)).normalized()),
                op("standardize dims [0,2] with weight and bias [3,2] (composed)",
                        in -> List.of(in.normal(2, 3, 2, 2), in.normal(3, 2), in.normal(3, 2)),
                        xs -> Ops.standardize(xs.get(0), ints(0, 2), 1e-5, xs.get(1), xs.get(2)).normalized()),
                unary("std all biased", in -> in.normal(4, 3), x -> x.std(ints(0, 1), 0, false)),
                unary("amax dim 1", in -> in.distinct(3, 4), x -> x.amax(ints(1), false)),
                unary("amax dims [0,2] keepdim", in -> in.distinct(2, 3, 4), x -> x.amax(ints(0, 2), true)),
                unary("amin dim 0 keepdim", in -> in.distinct(3, 4), x -> x.amin(ints(0), true)),
                unary("max all", in -> in.distinct(3, 4), Tensor::max),
                unary("min all", in -> in.distinct(3, 4), Tensor::min),
                unary("max(dim) values", in -> in.distinct(3, 4), x -> x.max(1, false).values()),
                unary("max(dim) values keepdim", in -> in.distinct(3, 4), x -> x.max(0, true).values()),
                unary("min(dim) values", in -> in.distinct(3, 4), x -> x.min(-1, false).values()),
                unary("softmax last dim", in -> in.normal(3, 4), x -> x.softmax(-1)),
                unary("softmax dim 0", in -> in.normal(3, 4), x -> x.softmax(0)),
                unary("logSoftmax last dim", in -> in.normal(3, 4), x -> x.logSoftmax(-1)),
                unary("logSoftmax middle dim", in -> in.normal(2, 3, 4), x -> x.logSoftmax(1)));
    }

    static Stream<Named<Case>> linearAlgebra() {
        Function<List<Tensor>, Tensor> matmul = xs -> xs.get(0).matmul(xs.get(1));
        return Stream.of(
                op("matmul 2-D", in -> List.of(in.normal(3, 4), in.normal(4, 2)), matmul),
                op("matmul batched with broadcast batch dims", in -> List.of(in.normal(2, 1, 3, 4), in.normal(3, 4, 2)), matmul),
                op("matmul 3-D by 2-D", in -> List.of(in.normal(2, 3, 4), in.normal(4, 2)), matmul),
                op("matmul vector · vector", in -> List.of(in.normal(5), in.normal(5)), matmul),
                op("matmul vector · matrix", in -> List.of(in.normal(4), in.normal(4, 3)), matmul),
                op("matmul matrix · vector", in -> List.of(in.normal(3, 4), in.normal(4)), matmul),
                op("matmul batched · vector", in -> List.of(in.normal(2, 3, 4), in.normal(4)), matmul),
                op("bmm", in -> List.of(in.normal(2, 3, 4), in.normal(2, 4, 2)), xs -> xs.get(0).bmm(xs.get(1))),
                // the transposed views take the kernel's transA/transB path instead of a copy
                op("bmm of transposed views", in -> List.of(in.normal(2, 4, 3), in.normal(2, 2, 4)),
                        xs -> xs.get(0).transpose(1, 2).bmm(xs.get(1).transpose(1, 2))));
    }

    static Stream<Named<Case>> convolution() {
        return Stream.of(
                op("conv2d padding 1 with bias", in -> List.of(in.normal(1, 2, 4, 4), in.normal(3, 2, 3, 3), in.normal(3)),
                        xs -> Ops.conv2d(xs.get(0), xs.get(1), xs.get(2), 1, 1)),
                op("conv2d stride 2, no padding, batch 2", in -> List.of(in.normal(2, 2, 5, 5), in.normal(2, 2, 3, 3)),
                        xs -> Ops.conv2d(xs.get(0), xs.get(1), null, 2, 0)),
                op("conv2d stride (2,1) padding (1,2)", in -> List.of(in.normal(1, 1, 5, 4), in.normal(2, 1, 3, 2)),
                        xs -> Ops.conv2d(xs.get(0), xs.get(1), null, ints(2, 1), ints(1, 2), ints(1, 1), 1)),
                op("conv2d dilation 2 padding 2", in -> List.of(in.normal(1, 2, 5, 5), in.normal(2, 2, 3, 3)),
                        xs -> Ops.conv2d(xs.get(0), xs.get(1), null, ints(1, 1), ints(2, 2), ints(2, 2), 1)),
                op("conv2d groups 2 with bias", in -> List.of(in.normal(1, 4, 4, 4), in.normal(4, 2, 3, 3), in.normal(4)),
                        xs -> Ops.conv2d(xs.get(0), xs.get(1), xs.get(2), ints(1, 1), ints(1, 1), ints(1, 1), 2)),
                op("convTranspose2d stride 2 kernel 2 with bias", in -> List.of(in.normal(1, 2, 3, 3), in.normal(2, 3, 2, 2), in.normal(3)),
                        xs -> Ops.convTranspose2d(xs.get(0), xs.get(1), xs.get(2), ints(2, 2), ints(0, 0), ints(0, 0), 1, ints(1, 1))),
                op("convTranspose2d stride 2 kernel 2 channels-last (a matrix product)",
                        in -> List.of(in.normal(2, 3, 2, 3), in.normal(3, 2, 2, 2), in.normal(2)),
                        xs -> Ops.convTranspose2d(xs.get(0).contiguous(MemoryFormat.CHANNELS_LAST), xs.get(1), xs.get(2),
                                ints(2, 2), ints(0, 0), ints(0, 0), 1, ints(1, 1))),
                op("convTranspose2d stride 2 padding 1 output padding 1", in -> List.of(in.normal(1, 2, 3, 3), in.normal(2, 2, 3, 3)),
                        xs -> Ops.convTranspose2d(xs.get(0), xs.get(1), null, ints(2, 2), ints(1, 1), ints(1, 1), 1, ints(1, 1))),
                // output padding at least the stride (allowed below the dilation): the backward convolution overhangs x
                op("convTranspose2d stride 1 dilation 2 output padding 1", in -> List.of(in.normal(1, 2, 4, 3), in.normal(2, 2, 3, 3)),
                        xs -> Ops.convTranspose2d(xs.get(0), xs.get(1), null, ints(1, 1), ints(1, 1), ints(1, 1), 1, ints(2, 2))),
                op("convTranspose2d groups 2", in -> List.of(in.normal(1, 4, 3, 3), in.normal(4, 1, 3, 3), in.normal(2)),
                        xs -> Ops.convTranspose2d(xs.get(0), xs.get(1), xs.get(2), ints(1, 1), ints(1, 1), ints(0, 0), 2, ints(1, 1))),
                op("conv3d padding 1 with bias", in -> List.of(in.normal(1, 2, 3, 3, 4), in.normal(2, 2, 3, 3, 3), in.normal(2)),
                        xs -> Ops.conv3d(xs.get(0), xs.get(1), xs.get(2), 1, 1)),
                op("conv3d stride (2,1,2) padding (1,1,0) dilation (1,2,1) groups 2",
                        in -> List.of(in.normal(1, 4, 4, 5, 4), in.normal(4, 2, 2, 2, 2)),
                        xs -> Ops.conv3d(xs.get(0), xs.get(1), null, ints(2, 1, 2), ints(1, 1, 0), ints(1, 2, 1), 2)),
                op("convTranspose3d stride 2 kernel 2 with bias", in -> List.of(in.normal(1, 2, 2, 2, 3), in.normal(2, 3, 2, 2, 2), in.normal(3)),
                        xs -> Ops.convTranspose3d(xs.get(0), xs.get(1), xs.get(2), ints(2, 2, 2), ints(0, 0, 0), ints(0, 0, 0), 1,
                                ints(1, 1, 1))),
                op("convTranspose3d stride 2 padding 1 output padding (1,0,1) groups 2",
                        in -> List.of(in.normal(1, 2, 2, 3, 2), in.normal(2, 1, 3, 3, 3), in.normal(2)),
                        xs -> Ops.convTranspose3d(xs.get(0), xs.get(1), xs.get(2), ints(2, 2, 2), ints(1, 1, 1), ints(1, 0, 1), 2,
                                ints(1, 1, 1))));
    }

    static Stream<Named<Case>> poolingAndResampling() {
        return Stream.of(
                unary("maxPool2d kernel 2", in -> in.distinct(1, 2, 4, 4), x -> Ops.maxPool2d(x, 2)),
                unary("maxPool2d kernel 3 stride 2 padding 1", in -> in.distinct(1, 2, 5, 5),
                        x -> Ops.maxPool2d(x, ints(3, 3), ints(2, 2), ints(1, 1), false)),
                unary("maxPool2d overlapping windows, ceilMode", in -> in.distinct(1, 1, 6, 5),
                        x -> Ops.maxPool2d(x, ints(3, 2), ints(2, 2), ints(0, 0), true)),
                unary("avgPool2d kernel 2", in -> in.normal(1, 2, 4, 4), x -> Ops.avgPool2d(x, 2)),
                unary("avgPool2d padding 1, countIncludePad", in -> in.normal(1, 2, 4, 4),
                        x -> Ops.avgPool2d(x, ints(3, 3), ints(2, 2), ints(1, 1), false, true)),
                unary("avgPool2d padding 1, not countIncludePad", in -> in.normal(1, 2, 4, 4),
                        x -> Ops.avgPool2d(x, ints(3, 3), ints(2, 2), ints(1, 1), false, false)),
                unary("avgPool2d ceilMode", in -> in.normal(1, 2, 5, 5),
                        x -> Ops.avgPool2d(x, ints(2, 2), ints(2, 2), ints(0, 0), true, true)),
                unary("avgPool2d ceilMode, padding, not countIncludePad", in -> in.normal(1, 1, 6, 5),
                        x -> Ops.avgPool2d(x, ints(3, 3), ints(2, 2), ints(1, 1), true, false)),
                unary("maxPool3d kernel 2", in -> in.distinct(1, 2, 4, 4, 4), x -> Ops.maxPool3d(x, 2)),
                unary("maxPool3d kernel 3 stride 2 padding 1, ceilMode", in -> in.distinct(1, 1, 5, 4, 5),
                        x -> Ops.maxPool3d(x, ints(3, 3, 3), ints(2, 2, 2), ints(1, 1, 1), true)),
                unary("avgPool3d kernel 2", in -> in.normal(1, 2, 4, 4, 4), x -> Ops.avgPool3d(x, 2)),
                unary("avgPool3d kernel 3 stride 2 padding 1, ceilMode, not countIncludePad", in -> in.normal(1, 1, 5, 4, 5),
                        x -> Ops.avgPool3d(x, ints(3, 3, 3), ints(2, 2, 2), ints(1, 1, 1), true, false)),
                unary("interpolate nearest up", in -> in.normal(1, 2, 3, 3),
                        x -> Ops.interpolate(x, 5, 7, UpsampleMode.NEAREST, false)),
                unary("interpolate nearest down", in -> in.normal(1, 1, 5, 6),
                        x -> Ops.interpolate(x, 3, 4, UpsampleMode.NEAREST, false)),
                unary("interpolate bilinear up, alignCorners", in -> in.normal(1, 2, 3, 3),
                        x -> Ops.interpolate(x, 5, 7, UpsampleMode.BILINEAR, true)),
                unary("interpolate bilinear up, not alignCorners", in -> in.normal(1, 2, 3, 3),
                        x -> Ops.interpolate(x, 5, 7, UpsampleMode.BILINEAR, false)),
                unary("interpolate bilinear down, alignCorners", in -> in.normal(1, 1, 5, 6),
                        x -> Ops.interpolate(x, 3, 4, UpsampleMode.BILINEAR, true)),
                unary("interpolate bilinear down, not alignCorners", in -> in.normal(1, 1, 5, 6),
                        x -> Ops.interpolate(x, 3, 4, UpsampleMode.BILINEAR, false)),
                unary("pad constant", in -> in.normal(1, 2, 3, 4), x -> Ops.pad(x, ints(1, 2, 0, 1), PadMode.CONSTANT, 0.5)),
                unary("pad reflect", in -> in.normal(1, 2, 3, 4), x -> Ops.pad(x, ints(2, 1, 1, 2), PadMode.REFLECT, 0)),
                unary("pad replicate", in -> in.normal(1, 2, 3, 4), x -> Ops.pad(x, ints(3, 1, 2, 0), PadMode.REPLICATE, 0)));
    }

    static Stream<Named<Case>> indexingAndJoining() {
        return Stream.of(
                op("cat dim 1", in -> List.of(in.normal(2, 3), in.normal(2, 1), in.normal(2, 2)),
                        xs -> Ops.cat(xs, 1)),
                op("cat dim 0", in -> List.of(in.normal(1, 3), in.normal(2, 3)), xs -> Ops.cat(xs, 0)),
                op("stack dim 1", in -> List.of(in.normal(2, 3), in.normal(2, 3), in.normal(2, 3)),
                        xs -> Ops.stack(xs, 1)),
                // the pieces are joined back in reverse order, so a gradient sent to the wrong piece shows
                unary("split by size, uneven", in -> in.normal(2, 5), x -> Ops.cat(Ops.split(x, 2, 1).reversed(), 1)),
                unary("split by sections", in -> in.normal(6, 2), x -> Ops.cat(Ops.split(x, ints(1, 3, 2), 0).reversed(), 0)),
                unary("chunk", in -> in.normal(2, 7), x -> Ops.cat(Ops.chunk(x, 3, 1).reversed(), 1)),
                unary("one split piece only", in -> in.normal(2, 5), x -> Ops.split(x, 2, 1).get(1)),
                // repeated indices: their gradients must add up
                unary("indexSelect dim 1, repeated indices", in -> in.normal(2, 4),
                        x -> Ops.indexSelect(x, 1, indices(new long[] {2, 0, 2, 3}, 4))),
                unary("indexSelect dim 0", in -> in.normal(3, 2), x -> Ops.indexSelect(x, 0, indices(new long[] {1, 1, 0}, 3))),
                unary("gather dim 1, repeated indices", in -> in.normal(2, 4),
                        x -> Ops.gather(x, 1, indices(new long[] {3, 3, 0, 1, 2, 1}, 2, 3))),
                unary("gather dim 0", in -> in.normal(3, 2),
                        x -> Ops.gather(x, 0, indices(new long[] {2, 0, 1, 1}, 2, 2))),
                op("scatterAdd dim 1, colliding indices", in -> List.of(in.normal(2, 4), in.normal(2, 3)),
                        xs -> Ops.scatterAdd(xs.get(0), 1, indices(new long[] {0, 2, 0, 3, 3, 1}, 2, 3), xs.get(1))),
                op("scatterAdd dim 0, index smaller than src", in -> List.of(in.normal(3, 2), in.normal(3, 3)),
                        xs -> Ops.scatterAdd(xs.get(0), 0, indices(new long[] {2, 0, 1, 2}, 2, 2), xs.get(1))));
    }

    static Stream<Named<Case>> views() {
        return Stream.of(
                unary("reshape", in -> in.normal(2, 6), x -> x.reshape(3, -1, 2)),
                unary("reshape of a non-contiguous view", in -> in.normal(3, 4), x -> x.t().reshape(2, 6)),
                unary("view", in -> in.normal(2, 6), x -> x.view(4, 3)),
                unary("permute", in -> in.normal(2, 3, 4), x -> x.permute(2, 0, 1)),
                unary("transpose", in -> in.normal(2, 3, 4), x -> x.transpose(0, 2)),
                unary("t", in -> in.normal(2, 3), Tensor::t),
                unary("narrow", in -> in.normal(3, 5), x -> x.narrow(1, 1, 3)),
                unary("narrow of a narrow", in -> in.normal(6, 2), x -> x.narrow(0, 1, 4).narrow(0, 2, 2)),
                unary("expand", in -> in.normal(3, 1), x -> x.expand(2, 3, 4)),
                unary("squeeze all", in -> in.normal(2, 1, 3, 1), Tensor::squeeze),
                unary("squeeze dim", in -> in.normal(2, 1, 3), x -> x.squeeze(1)),
                unary("unsqueeze", in -> in.normal(2, 3), x -> x.unsqueeze(1)),
                unary("unsqueeze last", in -> in.normal(2, 3), x -> x.unsqueeze(-1)),
                unary("flatten middle dims", in -> in.normal(2, 3, 2, 2), x -> x.flatten(1, 2)),
                unary("flatten all", in -> in.normal(2, 3, 2), Tensor::flatten),
                unary("contiguous of a permuted view", in -> in.normal(2, 3, 4), x -> x.permute(1, 2, 0).contiguous()),
                unary("copy", in -> in.normal(2, 3), Tensor::copy),
                // float32 rounds to 2^-24 relative, which no eps of 1e-6 can resolve; with inputs on a
                // 2^-10 grid and eps = 2^-20 (≈ 9.5e-7) every x ± eps survives the float32 round trip
                // exactly, so the check is as strict as the float64 ones
                op("to(float32) and back to(float64)", in -> List.of(in.float32Exact(2, 3)),
                        xs -> xs.get(0).to(DType.FLOAT32).to(DType.FLOAT64).mul(xs.get(0)), 0x1p-20));
    }

    static Stream<Named<Case>> fourierAndLosses() {
        return Stream.of(
                unary("fft2c even sizes", in -> in.normal(1, 4, 4, 2), Ops::fft2c),
                unary("fft2c odd sizes", in -> in.normal(3, 5, 2), Ops::fft2c),
                unary("fft2c mixed sizes, batch 2", in -> in.normal(2, 2, 3, 2), Ops::fft2c),
                unary("ifft2c even sizes", in -> in.normal(4, 6, 2), Ops::ifft2c),
                unary("ifft2c odd sizes", in -> in.normal(1, 5, 3, 2), Ops::ifft2c),
                op("mseLoss", in -> List.of(in.normal(2, 3), in.normal(2, 3)), xs -> Ops.mseLoss(xs.get(0), xs.get(1))),
                // target = input + a difference at least 0.2 from zero, away from |.|'s kink
                op("l1Loss", in -> {
                    Tensor input = in.normal(2, 3);
                    Tensor target = input.detach().add(in.awayFromZero(2, 3).detach()).requiresGrad(true);
                    return List.of(input, target);
                }, xs -> Ops.l1Loss(xs.get(0), xs.get(1))));
    }
}
