package dev.claritas.mri.n4;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Least-squares fit of a cubic B-spline lattice to values at fixed scattered points (the masked voxels of N4's
 * shrunk image): the coefficients c minimise ‖B c − r‖² + λ‖c‖², B holding each point's tensor-product basis
 * weights. This stands where ITK uses the B-spline scattered-data approximation of Lee, Wolberg and Shin (1997)
 * ({@code BSplineScatteredDataPointSetToImageFilter} with one level): an exact least-squares solution instead
 * of Lee's local approximation, which the small lattices of N4 (at most 11³ = 1331 coefficients with ITK's
 * defaults) make affordable.
 *
 * <p>Unlike Lee's method, a plain least-squares fit with more coefficients than the data support follows the
 * noise and the tissue pattern, so the normal equations carry a second-difference (P-spline) penalty, which
 * plays the part of the smoothing Lee's approximation does implicitly. This is the main departure from ITK.
 *
 * <p>The points stay the same across the iterations of a fitting level, so the normal matrix BᵀB + λI is built
 * and Cholesky-factored (EJML) once per level, and each iteration costs one pass over the points plus two
 * triangular solves. The ridge term λ = {@value #RIDGE} × the mean diagonal of BᵀB makes the system definite
 * when control points lie beyond the mask (they get 0, as Lee's method gives them) and keeps control points
 * that only a few points touch from chasing noise; N4 fits residuals repeatedly, so the small shrinkage of
 * well-supported coefficients is made up in later iterations.
 */
final class BSplineFitter {

    /** Ridge weight relative to the mean diagonal of the normal matrix. */
    static final double RIDGE = 1e-3;

    /**
     * Weight of the second-difference penalty relative to the mean diagonal of the normal matrix. Chosen on the
     * validation scan (0, 1, 10 and 100 tried): without it the 11³ lattice of the last level, fitted to about
     * 1 500 shrunk voxels, follows the tissue pattern and N4 raised the white/grey CJV; 10 gave the best CJV
     * after correction, 100 a smoother field that under-corrects.
     */
    static final double SMOOTHNESS = Double.parseDouble(System.getProperty("n4.smooth", "10"));
    static final boolean LEE = Boolean.getBoolean("n4.lee");

    private final int unknowns;
    private final int perPoint;
    /** For each point, the indices of the coefficients it depends on, {@code perPoint} of them. */
    private final int[] columns;
    private final double[] weights;
    private final LinearSolverDense<DMatrixRMaj> solver;

    /**
     * @param axes   the lattice's x, y and z axes
     * @param points point coordinates as voxel indices of the full-resolution grid, {x0, y0, z0, x1, …}
     */
    BSplineFitter(CubicBSplineAxis[] axes, double[] points) {
        int count = points.length / 3;
        int[] sizes = {axes[0].controlPoints(), axes[1].controlPoints(), axes[2].controlPoints()};
        unknowns = BSplineLattice.count(axes);
        perPoint = axes[0].support() * axes[1].support() * axes[2].support();
        columns = new int[count * perPoint];
        weights = new double[count * perPoint];
        double[] wx = new double[4], wy = new double[4], wz = new double[4];
        for (int p = 0; p < count; p++) {
            int fx = axes[0].basis(points[3 * p], wx);
            int fy = axes[1].basis(points[3 * p + 1], wy);
            int fz = axes[2].basis(points[3 * p + 2], wz);
            int o = p * perPoint;
            for (int k = 0; k < axes[2].support(); k++) {
                for (int j = 0; j < axes[1].support(); j++) {
                    for (int i = 0; i < axes[0].support(); i++, o++) {
                        columns[o] = (fx + i) + sizes[0] * ((fy + j) + sizes[1] * (fz + k));
                        weights[o] = wx[i] * wy[j] * wz[k];
                    }
                }
            }
        }
        DMatrixRMaj normal = new DMatrixRMaj(unknowns, unknowns);
        double[] a = normal.data;
        for (int p = 0; p < count; p++) {
            int o = p * perPoint;
            for (int s = 0; s < perPoint; s++) {
                int row = columns[o + s] * unknowns;
                double w = weights[o + s];
                for (int t = 0; t < perPoint; t++) {
                    a[row + columns[o + t]] += w * weights[o + t];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < unknowns; i++) {
            trace += a[i * unknowns + i];
        }
        double scale = Math.max(trace / unknowns, Double.MIN_NORMAL);
        addDifferencePenalty(a, sizes, SMOOTHNESS * scale);
        double ridge = RIDGE * scale;
        for (int i = 0; i < unknowns; i++) {
            a[i * unknowns + i] += ridge;
        }
        solver = LinearSolverFactory_DDRM.chol(unknowns);
        if (!solver.setA(normal)) {
            throw new IllegalStateException("B-spline normal matrix is not positive definite (" + unknowns + " unknowns)");
        }
    }

    /**
     * Adds weight × DᵀD for D the second differences of the coefficients along each axis with at least three
     * control points (Eilers and Marx's P-spline penalty), to the row-major matrix {@code a}.
     */
    private void addDifferencePenalty(double[] a, int[] sizes, double weight) {
        int[] stride = {1, sizes[0], sizes[0] * sizes[1]};
        double[] d = {1, -2, 1};
        for (int axis = 0; axis < 3; axis++) {
            if (sizes[axis] < 3) {
                continue;
            }
            for (int z = 0; z < sizes[2]; z++) {
                for (int y = 0; y < sizes[1]; y++) {
                    for (int x = 0; x < sizes[0]; x++) {
                        int[] at = {x, y, z};
                        if (at[axis] + 2 >= sizes[axis]) {
                            continue;
                        }
                        int base = x + sizes[0] * (y + sizes[1] * z);
                        for (int s = 0; s < 3; s++) {
                            for (int t = 0; t < 3; t++) {
                                a[(base + s * stride[axis]) * unknowns + base + t * stride[axis]] += weight * d[s] * d[t];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The coefficients that best fit {@code values}, one per point. */
    double[] fit(double[] values) {
        if (LEE) {
            double[] delta = new double[unknowns], omega = new double[unknowns];
            for (int p = 0; p < values.length; p++) {
                int o = p * perPoint;
                double w2 = 0;
                for (int s = 0; s < perPoint; s++) w2 += weights[o + s] * weights[o + s];
                for (int s = 0; s < perPoint; s++) {
                    double w = weights[o + s];
                    delta[columns[o + s]] += w * w * w * values[p] / w2;
                    omega[columns[o + s]] += w * w;
                }
            }
            for (int i = 0; i < unknowns; i++) delta[i] = omega[i] > 0 ? delta[i] / omega[i] : 0;
            return delta;
        }
        DMatrixRMaj rhs = new DMatrixRMaj(unknowns, 1);
        for (int p = 0; p < values.length; p++) {
            int o = p * perPoint;
            for (int s = 0; s < perPoint; s++) {
                rhs.data[columns[o + s]] += weights[o + s] * values[p];
            }
        }
        DMatrixRMaj solution = new DMatrixRMaj(unknowns, 1);
        solver.solve(rhs, solution);
        return solution.data;
    }

    /** The spline with the given coefficients at each point. */
    double[] evaluate(double[] coefficients) {
        double[] out = new double[columns.length / perPoint];
        for (int p = 0; p < out.length; p++) {
            int o = p * perPoint;
            double sum = 0;
            for (int s = 0; s < perPoint; s++) {
                sum += weights[o + s] * coefficients[columns[o + s]];
            }
            out[p] = sum;
        }
        return out;
    }
}
