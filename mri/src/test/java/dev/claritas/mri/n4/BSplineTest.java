package dev.claritas.mri.n4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BSplineTest {

    private static CubicBSplineAxis[] axes(int spans, int... voxels) {
        return new CubicBSplineAxis[] {new CubicBSplineAxis(voxels[0], spans), new CubicBSplineAxis(voxels[1], spans),
                new CubicBSplineAxis(voxels[2], spans)};
    }

    @Test
    void unitCoefficientsGiveOneEverywhere() {
        BSplineLattice lattice = BSplineLattice.zeros(axes(2, 9, 7, 5));
        java.util.Arrays.fill(lattice.coefficients(), 1);
        for (float v : lattice.evaluateGrid()) {
            assertEquals(1, v, 1e-6);
        }
    }

    @Test
    void refinementKeepsTheSplineExactly() {
        BSplineLattice lattice = BSplineLattice.zeros(axes(1, 17, 13, 1));
        Random random = new Random(3);
        for (int i = 0; i < lattice.coefficients().length; i++) {
            lattice.coefficients()[i] = random.nextGaussian();
        }
        BSplineLattice fine = lattice.refined().refined();
        assertEquals(7 * 7, fine.coefficients().length); // 4 spans + 3, z degenerate: one control point
        assertArrayEquals(lattice.evaluateGrid(), fine.evaluateGrid(), 1e-5f);
    }

    @Test
    /** A linear field has no second differences, so only the small ridge term stands between it and the fit. */
    void leastSquaresRecoversALinearField() {
        CubicBSplineAxis[] a = axes(2, 20, 20, 10);
        double[] points = new double[3 * 20 * 20 * 10];
        double[] values = new double[20 * 20 * 10];
        int p = 0;
        for (int z = 0; z < 10; z++) {
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 20; x++, p++) {
                    points[3 * p] = x;
                    points[3 * p + 1] = y;
                    points[3 * p + 2] = z;
                    values[p] = 0.2 * x / 19.0 + 0.1 * (y / 19.0) - 0.05 * z / 9.0;
                }
            }
        }
        BSplineFitter fitter = new BSplineFitter(a, points);
        double[] fitted = fitter.evaluate(fitter.fit(values));
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], fitted[i], 5e-3);
        }
    }
}
