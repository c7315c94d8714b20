package dev.claritas.mri.n4;

/**
 * Fits a cubic B-spline lattice to values at fixed scattered points by the B-spline approximation of Lee, Wolberg
 * and Shin (1997, "Scattered data interpolation with multilevel B-splines", IEEE TVCG 3(3)), one level of it, as
 * ITK's N4 does with {@code BSplineScatteredDataPointSetToImageFilter}. Each point c with value z and basis
 * weights w_k on its 4×4×4 neighbouring control points asks each of them for the coefficient w_k z / Σ_l w_l²,
 * which alone would make the spline pass through z at c; every control point then takes the average of what its
 * points ask for, weighted by w_k²:
 *
 * <pre>  φ_k = Σ_c w_kc² · (w_kc z_c / Σ_l w_lc²) / Σ_c w_kc²</pre>
 *
 * and control points no point touches get 0. It is a local weighted average, not a least-squares solution: it
 * smooths by construction and does not follow the tissue pattern that the residual of one N4 iteration carries,
 * which is why N4 can refit the residual many times and accumulate the fits. (We first used a penalised
 * least-squares fit; its penalty weight had to be tuned, and with it N4 recovered less of a known field than
 * ITK's N4 on the same scan.)
 *
 * <p>The points stay the same across the iterations of a fitting level, so each point's control-point indices
 * and weights are computed once per level.
 */
final class BSplineFitter {

    private final int unknowns;
    private final int perPoint;
    /** For each point, the indices of the coefficients it depends on, {@code perPoint} of them. */
    private final int[] columns;
    private final double[] weights;
    /** For each point, Σ_l w_l², the squared norm of its weights. */
    private final double[] squaredNorms;
    /** For each coefficient, Σ_c w_kc², the denominator of its average. */
    private final double[] omega;

    /**
     * @param axes   the lattice's x, y and z axes
     * @param points parametric point coordinates {t0x, t0y, t0z, t1x, …}, each in [0, 1]
     */
    BSplineFitter(CubicBSplineAxis[] axes, double[] points) {
        int count = points.length / 3;
        int[] sizes = {axes[0].controlPoints(), axes[1].controlPoints(), axes[2].controlPoints()};
        unknowns = BSplineLattice.count(axes);
        perPoint = axes[0].support() * axes[1].support() * axes[2].support();
        columns = new int[count * perPoint];
        weights = new double[count * perPoint];
        squaredNorms = new double[count];
        omega = new double[unknowns];
        double[] wx = new double[4], wy = new double[4], wz = new double[4];
        for (int p = 0; p < count; p++) {
            int fx = axes[0].basis(points[3 * p], wx);
            int fy = axes[1].basis(points[3 * p + 1], wy);
            int fz = axes[2].basis(points[3 * p + 2], wz);
            int o = p * perPoint;
            double norm = 0;
            for (int k = 0; k < axes[2].support(); k++) {
                for (int j = 0; j < axes[1].support(); j++) {
                    for (int i = 0; i < axes[0].support(); i++, o++) {
                        double w = wx[i] * wy[j] * wz[k];
                        columns[o] = (fx + i) + sizes[0] * ((fy + j) + sizes[1] * (fz + k));
                        weights[o] = w;
                        omega[columns[o]] += w * w;
                        norm += w * w;
                    }
                }
            }
            squaredNorms[p] = norm;
        }
    }

    /** The lattice coefficients approximating {@code values}, one value per point. */
    double[] fit(double[] values) {
        double[] delta = new double[unknowns];
        for (int p = 0; p < values.length; p++) {
            int o = p * perPoint;
            double ask = values[p] / squaredNorms[p];
            for (int s = 0; s < perPoint; s++) {
                double w = weights[o + s];
                delta[columns[o + s]] += w * w * w * ask;
            }
        }
        for (int k = 0; k < unknowns; k++) {
            delta[k] = omega[k] > 0 ? delta[k] / omega[k] : 0;
        }
        return delta;
    }

    /** The spline with the given coefficients at each point. */
    double[] evaluate(double[] coefficients) {
        double[] out = new double[squaredNorms.length];
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
