package dev.claritas.mri.n4;

/**
 * The control points of a tensor-product cubic B-spline over a 3-D image (x fastest, like the image), N4's
 * representation of the smooth log bias field. Coefficient (i, j, k) is {@code coefficients[i + cx * (j + cy * k)]}.
 *
 * @param axes         the x, y and z axes
 * @param coefficients one coefficient per control point
 */
record BSplineLattice(CubicBSplineAxis[] axes, double[] coefficients) {

    /** Binomial weights of the two-scale relation of the cubic B-spline: B(x) = Σ_m w_m B(2x − m), m = −2…2. */
    private static final double[] TWO_SCALE = {1 / 8.0, 4 / 8.0, 6 / 8.0, 4 / 8.0, 1 / 8.0};

    BSplineLattice {
        if (axes.length != 3) {
            throw new IllegalArgumentException("a lattice has 3 axes, got " + axes.length);
        }
        if (coefficients.length != count(axes)) {
            throw new IllegalArgumentException("lattice needs " + count(axes) + " coefficients, got " + coefficients.length);
        }
    }

    /** A lattice of zeros. */
    static BSplineLattice zeros(CubicBSplineAxis[] axes) {
        return new BSplineLattice(axes.clone(), new double[count(axes)]);
    }

    static int count(CubicBSplineAxis[] axes) {
        return axes[0].controlPoints() * axes[1].controlPoints() * axes[2].controlPoints();
    }

    /** Adds {@code other}'s coefficients to this one's in place; both must have the same axes. */
    void add(double[] other) {
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] += other[i];
        }
    }

    /**
     * The same spline on a lattice with twice the spans along every non-degenerate axis, exactly (B-spline
     * subdivision, as ITK's {@code RefineControlPointLattice} does between N4's fitting levels): new coefficient k
     * is Σ_i c_i w_{k − 2i + 1} with the two-scale weights w.
     */
    BSplineLattice refined() {
        CubicBSplineAxis[] fine = new CubicBSplineAxis[3];
        double[] current = coefficients;
        int[] sizes = {axes[0].controlPoints(), axes[1].controlPoints(), axes[2].controlPoints()};
        for (int d = 0; d < 3; d++) {
            fine[d] = axes[d].refined();
            if (!axes[d].degenerate()) {
                current = refineAxis(current, sizes, d, fine[d].controlPoints());
                sizes[d] = fine[d].controlPoints();
            }
        }
        return new BSplineLattice(fine, current);
    }

    private static double[] refineAxis(double[] c, int[] sizes, int axis, int fineCount) {
        int[] outSizes = sizes.clone();
        outSizes[axis] = fineCount;
        double[] out = new double[outSizes[0] * outSizes[1] * outSizes[2]];
        int stride = axis == 0 ? 1 : axis == 1 ? sizes[0] : sizes[0] * sizes[1];
        int coarse = sizes[axis];
        int o = 0;
        int[] at = new int[3];
        for (at[2] = 0; at[2] < outSizes[2]; at[2]++) {
            for (at[1] = 0; at[1] < outSizes[1]; at[1]++) {
                for (at[0] = 0; at[0] < outSizes[0]; at[0]++, o++) {
                    int k = at[axis];
                    int base = (axis == 0 ? 0 : at[0]) + sizes[0] * ((axis == 1 ? 0 : at[1]) + sizes[1] * (axis == 2 ? 0 : at[2]));
                    double sum = 0;
                    for (int i = 0; i < coarse; i++) {
                        int m = k - 2 * i + 3; // index of w_{k - 2i + 1} in TWO_SCALE, which starts at m = -2
                        if (m >= 0 && m < TWO_SCALE.length) {
                            sum += TWO_SCALE[m] * c[base + i * stride];
                        }
                    }
                    out[o] = sum;
                }
            }
        }
        return out;
    }

    /**
     * The spline at every voxel of the full-resolution grid (the lattice's domain stretched over it, voxel v of n
     * at t = v / (n − 1)), as floats in image order. Evaluated separably, one
     * axis at a time, so the cost is that of a few passes over the image rather than 64 products per voxel.
     */
    float[] evaluateGrid() {
        int[] c = {axes[0].controlPoints(), axes[1].controlPoints(), axes[2].controlPoints()};
        int[] n = {axes[0].voxels(), axes[1].voxels(), axes[2].voxels()};
        double[] current = coefficients;
        int[] sizes = c.clone();
        for (int d = 0; d < 3; d++) {
            current = evaluateAxis(current, sizes, d);
            sizes[d] = n[d];
        }
        float[] out = new float[current.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) current[i];
        }
        return out;
    }

    /** Replaces the control-point dimension {@code axis} of {@code values} by the axis's voxels. */
    private double[] evaluateAxis(double[] values, int[] sizes, int axis) {
        CubicBSplineAxis a = axes[axis];
        int[] outSizes = sizes.clone();
        outSizes[axis] = a.voxels();
        int stride = axis == 0 ? 1 : axis == 1 ? sizes[0] : sizes[0] * sizes[1];
        int[] first = new int[a.voxels()];
        double[][] weights = new double[a.voxels()][CubicBSplineAxis.SUPPORT];
        for (int v = 0; v < a.voxels(); v++) {
            first[v] = a.basis(a.coordinate(v), weights[v]);
        }
        double[] out = new double[outSizes[0] * outSizes[1] * outSizes[2]];
        int o = 0;
        int[] at = new int[3];
        for (at[2] = 0; at[2] < outSizes[2]; at[2]++) {
            for (at[1] = 0; at[1] < outSizes[1]; at[1]++) {
                for (at[0] = 0; at[0] < outSizes[0]; at[0]++, o++) {
                    int v = at[axis];
                    int base = (axis == 0 ? 0 : at[0]) + sizes[0] * ((axis == 1 ? 0 : at[1]) + sizes[1] * (axis == 2 ? 0 : at[2]));
                    double sum = 0;
                    for (int s = 0; s < a.support(); s++) {
                        sum += weights[v][s] * values[base + (first[v] + s) * stride];
                    }
                    out[o] = sum;
                }
            }
        }
        return out;
    }
}
