package dev.claritas.mri.kspace;

import static dev.claritas.mri.kspace.ComplexTest.leaf;
import static dev.claritas.mri.kspace.ComplexTest.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic coil maps, the SENSE operator and its adjoint, and sensitivity estimation. */
class CoilsTest {

    @Test
    void birdcageMapsAreSmoothDistinctAndHaveUnitRss() {
        int coils = 8;
        int h = 40;
        int w = 48;
        Tensor maps = SyntheticCoils.birdcage(coils, h, w);
        assertArrayEquals(new int[] {coils, h, w, 2}, maps.shape().toArray());
        for (double v : Coils.rssComplex(maps, 0).toDoubleArray()) {
            assertEquals(1, v, 1e-6);
        }
        double[] magnitude = Complex.abs(maps).toDoubleArray();
        for (int c = 0; c < coils; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 1; x < w; x++) {
                    int i = (c * h + y) * w + x;
                    assertTrue(Math.abs(magnitude[i] - magnitude[i - 1]) < 0.05, "jump at coil " + c + " (" + y + ", " + x + ")");
                }
            }
        }
        // coil 0 sits at angle 0 (to the right, +x), coil 4 opposite: each is strongest on its own side
        int row = h / 2;
        assertTrue(magnitude[(0 * h + row) * w + w - 1] > 2 * magnitude[(0 * h + row) * w]);
        assertTrue(magnitude[(4 * h + row) * w] > 2 * magnitude[(4 * h + row) * w + w - 1]);
    }

    /** {@code <E x, y> = <x, E^H y>} for the complex inner product, in float64, with a batch dimension. */
    @Test
    void senseReduceIsTheAdjointOfSenseExpand() {
        int batch = 2;
        int coils = 4;
        int h = 12;
        int w = 10;
        Tensor maps = randn(1, batch, coils, h, w, 2); // any maps: adjointness does not need unit RSS
        Tensor x = randn(2, batch, 1, h, w, 2);
        Tensor y = randn(3, batch, coils, h, w, 2);
        double[] lhs = inner(Coils.senseExpand(x, maps), y);
        double[] rhs = inner(x, Coils.senseReduce(y, maps));
        double scale = Math.hypot(lhs[0], lhs[1]);
        assertEquals(lhs[0], rhs[0], 1e-12 * scale);
        assertEquals(lhs[1], rhs[1], 1e-12 * scale);
        assertArrayEquals(new int[] {batch, 1, h, w, 2}, Coils.senseReduce(y, maps).shape().toArray());
    }

    @Test
    void reduceAfterExpandIsTheIdentityForUnitRssMaps() {
        Tensor maps = SyntheticCoils.birdcage(6, 16, 16);
        Tensor image = ComplexTest.randn(4, 1, 16, 16, 2).to(DType.FLOAT32);
        double[] back = Coils.senseReduce(Coils.senseExpand(image, maps), maps).toDoubleArray();
        double[] original = image.toDoubleArray();
        for (int i = 0; i < back.length; i++) {
            assertEquals(original[i], back[i], 1e-5);
        }
    }

    @Test
    void senseOperatorsHaveGradients() {
        Tensor maps = randn(5, 3, 4, 4, 2);
        ComplexTest.check(in -> Coils.senseExpand(in.get(0), in.get(1)), leaf(randn(6, 1, 4, 4, 2)), leaf(maps));
        ComplexTest.check(in -> Coils.senseReduce(in.get(0), in.get(1)), leaf(randn(7, 3, 4, 4, 2)), leaf(maps));
    }

    /**
     * A smooth real object seen through birdcage coils: the maps estimated from the 24 centre columns
     * (of 64) have unit RSS and, where the object is bright, are the true maps to within 2 %.
     */
    @Test
    void estimatesTheMapsFromTheCentreLines() {
        int coils = 8;
        int n = 64;
        Tensor maps = SyntheticCoils.birdcage(coils, n, n).to(DType.FLOAT64);
        double[] object = new double[n * n * 2];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double r2 = (Math.pow(y - n / 2.0, 2) + Math.pow(x - n / 2.0, 2)) / Math.pow(n / 4.0, 2);
                object[2 * (y * n + x)] = Math.exp(-r2 / 2);
            }
        }
        Tensor kspace = Coils.senseExpand(Tensor.of(object, 1, n, n, 2), maps);
        Tensor estimate = Coils.estimateSensitivities(kspace, 24);
        assertArrayEquals(new int[] {coils, n, n, 2}, estimate.shape().toArray());
        for (double v : Coils.rssComplex(estimate, 0).toDoubleArray()) {
            assertEquals(1, v, 1e-9);
        }
        double[] e = estimate.toDoubleArray();
        double[] s = maps.toDoubleArray();
        double worst = 0;
        for (int c = 0; c < coils; c++) {
            for (int p = 0; p < n * n; p++) {
                if (object[2 * p] > 0.5) {
                    int i = 2 * (c * n * n + p);
                    worst = Math.max(worst, Math.hypot(e[i] - s[i], e[i + 1] - s[i + 1]));
                }
            }
        }
        assertTrue(worst < 0.02, "estimated maps differ from the true ones by up to " + worst);
    }

    /** Only columns [(W − n + 1) / 2, + n) count: fastMRI's mask_center. */
    @Test
    void estimationUsesExactlyTheCentreColumns() {
        int w = 11;
        int n = 4; // columns 4..7
        Tensor kspace = randn(8, 3, 6, w, 2);
        double[] reference = Coils.estimateSensitivities(kspace, n).toDoubleArray();
        for (int column = 0; column < w; column++) {
            Tensor changed = kspace.copy();
            changed.narrow(2, column, 1).fill(5);
            boolean same = Arrays.equals(reference, Coils.estimateSensitivities(changed, n).toDoubleArray());
            assertEquals(column < 4 || column >= 8, same, "column " + column);
        }
        ComplexTest.check(in -> Coils.estimateSensitivities(in.get(0), 2), leaf(randn(9, 2, 3, 4, 2)));
    }

    /** Σ conj(a) b over every element, as (re, im). */
    private static double[] inner(Tensor a, Tensor b) {
        Tensor p = Complex.mul(Complex.conj(a), b);
        return Ops.cat(List.of(p.narrow(-1, 0, 1).sum().reshape(1), p.narrow(-1, 1, 1).sum().reshape(1)), 0).toDoubleArray();
    }
}
