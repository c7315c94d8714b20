package dev.claritas.mri.n4;

/**
 * One axis of a uniform cubic B-spline lattice over a domain written as the parametric coordinate t in [0, 1]
 * (voxel v of an n-voxel axis at t = v / (n − 1)): the domain is split into {@code spans} equal spans and has
 * {@code spans + 3} control points, control point i centred at span coordinate i − 1, as ITK's
 * {@code BSplineScatteredDataPointSetToImageFilter} lays out an open (non-periodic) cubic lattice. A degenerate
 * axis, of a single voxel (the third axis of a 2-D image) or with 0 spans (an axis the fit has a single sample
 * plane along, so no information about), has one control point with weight 1: the field is constant along it,
 * and 2-D images need no separate code.
 *
 * @param voxels number of voxels along the axis, at full resolution
 * @param spans  number of B-spline spans (ITK's mesh size); 1 at N4's first fitting level with 4 control points,
 *               0 for a constant axis
 */
record CubicBSplineAxis(int voxels, int spans) {

    /** Number of B-spline coefficients a point on a non-degenerate axis depends on. */
    static final int SUPPORT = 4;

    CubicBSplineAxis {
        if (voxels < 1 || spans < 0) {
            throw new IllegalArgumentException("need voxels >= 1 and spans >= 0, got " + voxels + ", " + spans);
        }
    }

    boolean degenerate() {
        return voxels == 1 || spans == 0;
    }

    int controlPoints() {
        return degenerate() ? 1 : spans + 3;
    }

    /** Number of coefficients each point depends on: 4, or 1 on a degenerate axis. */
    int support() {
        return degenerate() ? 1 : SUPPORT;
    }

    /** The same axis with twice the spans, N4's next fitting level. */
    CubicBSplineAxis refined() {
        return new CubicBSplineAxis(voxels, degenerate() ? spans : 2 * spans);
    }

    /** The parametric coordinate of voxel {@code v}: v / (voxels − 1), or 0 on a degenerate axis. */
    double coordinate(int v) {
        return degenerate() ? 0 : v / (voxels - 1.0);
    }

    /**
     * The first control point that parametric position {@code position} (in [0, 1]; clamped) depends on, and the
     * {@link #support()} weights of it and the next ones, written to {@code weights}: the cubic B-spline basis
     * B0…B3 of the position within its span. The end of the domain belongs to the last span.
     */
    int basis(double position, double[] weights) {
        if (degenerate()) {
            weights[0] = 1;
            return 0;
        }
        double t = Math.clamp(position, 0.0, 1.0) * spans;
        int span = Math.min((int) Math.floor(t), spans - 1);
        double u = t - span, v = 1 - u;
        weights[0] = v * v * v / 6;
        weights[1] = (3 * u * u * u - 6 * u * u + 4) / 6;
        weights[2] = (-3 * u * u * u + 3 * u * u + 3 * u + 1) / 6;
        weights[3] = u * u * u / 6;
        return span;
    }
}
