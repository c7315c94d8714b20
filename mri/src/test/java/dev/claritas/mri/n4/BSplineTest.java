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

    /** Lee's approximation of a single point asks each control point for exactly what makes the spline pass through it. */
    @Test
    void aSinglePointIsInterpolated() {
        CubicBSplineAxis[] a = axes(2, 20, 20, 10);
        double[] point = {0.3, 0.71, 0.45};
        BSplineFitter fitter = new BSplineFitter(a, point);
        double[] coefficients = fitter.fit(new double[] {2.5});
        assertEquals(2.5, fitter.evaluate(coefficients)[0], 1e-12);
        long touched = java.util.Arrays.stream(coefficients).filter(c -> c != 0).count();
        assertEquals(64, touched); // the 4 x 4 x 4 control points around the point; the others stay 0
    }

    /**
     * Points far enough apart that no control point serves two of them are each interpolated: Lee's average
     * only mixes the requests of points that share a control point.
     */
    @Test
    void separatePointsAreEachInterpolated() {
        CubicBSplineAxis[] a = axes(8, 33, 33, 1);
        double[] points = {0.05, 0.05, 0, 0.95, 0.05, 0, 0.5, 0.95, 0};
        double[] values = {1.0, -0.5, 0.25};
        BSplineFitter fitter = new BSplineFitter(a, points);
        assertArrayEquals(values, fitter.evaluate(fitter.fit(values)), 1e-12);
    }

    /** Voxel v of n sits at the parametric coordinate v / (n − 1); the lattice evaluates there. */
    @Test
    void gridEvaluationUsesTheFullGridAsDomain() {
        BSplineLattice lattice = BSplineLattice.zeros(axes(1, 9, 5, 1));
        Random random = new Random(5);
        for (int i = 0; i < lattice.coefficients().length; i++) {
            lattice.coefficients()[i] = random.nextGaussian();
        }
        double[] points = new double[3 * 9 * 5];
        for (int y = 0, p = 0; y < 5; y++) {
            for (int x = 0; x < 9; x++, p++) {
                points[3 * p] = x / 8.0;
                points[3 * p + 1] = y / 4.0;
            }
        }
        double[] atPoints = new BSplineFitter(lattice.axes(), points).evaluate(lattice.coefficients());
        float[] grid = lattice.evaluateGrid();
        for (int i = 0; i < grid.length; i++) {
            assertEquals(atPoints[i], grid[i], 1e-6);
        }
    }
}
