package dev.claritas.mri.kspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.GradCheck;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Complex helpers and root-sum-of-squares against scalar complex arithmetic, and their gradients. */
class ComplexTest {

    static Tensor randn(long seed, int... shape) {
        return Ops.normal(shape, 0, 1, DType.FLOAT64, Device.CPU, new Generator(seed));
    }

    static Tensor leaf(Tensor t) {
        return t.detach().requiresGrad(true);
    }

    @Test
    void mulConjAbsMatchScalarArithmeticWithBroadcasting() {
        Tensor x = randn(1, 2, 1, 3, 2);
        Tensor y = randn(2, 4, 3, 2);
        double[] xs = x.toDoubleArray();
        double[] ys = y.toDoubleArray();
        double[] product = Complex.mul(x, y).toDoubleArray();
        assertArrayEquals(new int[] {2, 4, 3, 2}, Complex.mul(x, y).shape().toArray());
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    double a = xs[(b * 3 + j) * 2];
                    double bi = xs[(b * 3 + j) * 2 + 1];
                    double c = ys[(i * 3 + j) * 2];
                    double d = ys[(i * 3 + j) * 2 + 1];
                    int o = ((b * 4 + i) * 3 + j) * 2;
                    assertEquals(a * c - bi * d, product[o], 1e-15);
                    assertEquals(a * d + bi * c, product[o + 1], 1e-15);
                }
            }
        }
        double[] conj = Complex.conj(y).toDoubleArray();
        double[] abs = Complex.abs(y).toDoubleArray();
        double[] abs2 = Complex.absSquared(y).toDoubleArray();
        assertArrayEquals(new int[] {4, 3}, Complex.abs(y).shape().toArray());
        for (int k = 0; k < 12; k++) {
            assertEquals(ys[2 * k], conj[2 * k]);
            assertEquals(-ys[2 * k + 1], conj[2 * k + 1]);
            assertEquals(Math.hypot(ys[2 * k], ys[2 * k + 1]), abs[k], 1e-15);
            assertEquals(ys[2 * k] * ys[2 * k] + ys[2 * k + 1] * ys[2 * k + 1], abs2[k], 1e-15);
        }
    }

    @Test
    void rootSumOfSquaresOverTheCoilDimension() {
        Tensor real = randn(3, 2, 5, 3, 4);
        double[] r = real.toDoubleArray();
        double[] rss = Coils.rss(real, 1).toDoubleArray();
        assertArrayEquals(new int[] {2, 3, 4}, Coils.rss(real, 1).shape().toArray());
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 12; p++) {
                double s = 0;
                for (int c = 0; c < 5; c++) {
                    s += r[(b * 5 + c) * 12 + p] * r[(b * 5 + c) * 12 + p];
                }
                assertEquals(Math.sqrt(s), rss[b * 12 + p], 1e-14);
            }
        }
        // complex data: the RSS of the magnitudes, and the complex dimension is not a coil dimension
        Tensor complex = randn(4, 5, 3, 4, 2);
        assertArrayEquals(Coils.rss(Complex.abs(complex), 0).toDoubleArray(), Coils.rssComplex(complex, 0).toDoubleArray(), 1e-14);
        assertArrayEquals(Coils.rssComplex(complex, 0).toDoubleArray(), Coils.rssComplex(complex, -4).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Coils.rssComplex(complex, -1));
        assertThrows(ShapeMismatchException.class, () -> Complex.mul(randn(5, 3, 3), complex));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        check(in -> Complex.mul(in.get(0), in.get(1)), leaf(randn(6, 2, 1, 3, 2)), leaf(randn(7, 4, 3, 2)));
        check(in -> Complex.conj(in.get(0)), leaf(randn(8, 3, 2)));
        // abs is smooth away from 0; standard normal pairs stay far enough from it here
        check(in -> Complex.abs(in.get(0)), leaf(randn(9, 4, 3, 2)));
        check(in -> Complex.absSquared(in.get(0)), leaf(randn(10, 4, 3, 2)));
        check(in -> Coils.rss(in.get(0), 0), leaf(randn(11, 3, 2, 2)));
        check(in -> Coils.rssComplex(in.get(0), 1), leaf(randn(12, 2, 3, 2, 2, 2)));
    }

    static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, List.of(inputs));
        assertTrue(r.passed(), r.where());
    }
}
