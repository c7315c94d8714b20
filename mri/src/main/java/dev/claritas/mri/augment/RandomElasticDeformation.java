package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomElasticDeformation}: a coarse grid of {@code controlPoints} control points per
 * spatial axis gets random displacements, each component uniform in
 * [−{@code maxDisplacement}, {@code maxDisplacement}] voxels (TorchIO: mm); the {@code lockedBorders}
 * outermost layers of the grid are held at 0 (TorchIO's {@code locked_borders}), and the dense field is
 * the uniform cubic B-spline with those control points, as TorchIO's SimpleITK {@code BSplineTransform}
 * is. The grid spans the image with {@code controlPoints − 3} spline intervals, so the first and last
 * control points lie one interval outside it. The image is resampled at {@code p + u(p)} with
 * {@link GridSample} (bilinear/trilinear). B-spline weights sum to 1, so no voxel moves more than
 * {@code maxDisplacement} along any axis. TorchIO's defaults: 7 control points, 7.5 mm, 2 locked borders.
 */
public record RandomElasticDeformation(int controlPoints, double maxDisplacement, int lockedBorders)
        implements Augmentation {

    public RandomElasticDeformation {
        if (controlPoints < 4) {
            throw new IllegalArgumentException("RandomElasticDeformation: a cubic B-spline needs at least 4 control "
                    + "points per axis, got " + controlPoints);
        }
    }

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        Tensor first = tensors.getFirst();
        int dims = Augmentation.spatialDims(first);
        int nodes = (int) Math.pow(controlPoints, dims);
        double[] coarse = new double[nodes * dims];
        for (int node = 0; node < nodes; node++) {
            boolean locked = false;
            int rest = node;
            for (int a = 0; a < dims; a++) {
                int k = rest % controlPoints;
                rest /= controlPoints;
                locked |= k < lockedBorders || k >= controlPoints - lockedBorders;
            }
            for (int c = 0; c < dims; c++) {
                double d = RandomAffine.uniform(random, -maxDisplacement, maxDisplacement);
                coarse[node * dims + c] = locked ? 0 : d;
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(deform(x, coarse, controlPoints));
        }
        return out;
    }

    /**
     * {@code x} resampled at {@code p + u(p)}, u the cubic B-spline of the control displacements
     * {@code coarse} (node-major, nodes in row-major order of a {@code k}<sup>d</sup> grid, axis order
     * D, H, W; components in the same order).
     */
    static Tensor deform(Tensor x, double[] coarse, int k) {
        int dims = Augmentation.spatialDims(x);
        int[] cell = new int[dims];
        double[][] weights = new double[dims][];
        return GridSample.warp(x, (p, q) -> {
            for (int a = 0; a < dims; a++) {
                int n = x.size(2 + a);
                // position on the control grid: node 1 at voxel 0, node k−2 at voxel n−1
                double u = n > 1 ? 1 + p[a] * (k - 3) / (n - 1) : 1;
                int i = Math.min((int) Math.floor(u), k - 3);
                cell[a] = i - 1;
                weights[a] = basis(u - i);
            }
            for (int a = 0; a < dims; a++) {
                q[a] = p[a];
            }
            for (int corner = 0; corner < 1 << (2 * dims); corner++) {
                double w = 1;
                int node = 0;
                for (int a = 0; a < dims; a++) {
                    int m = corner >> (2 * (dims - 1 - a)) & 3;
                    w *= weights[a][m];
                    node = node * k + cell[a] + m;
                }
                for (int c = 0; c < dims; c++) {
                    q[c] += w * coarse[node * dims + c];
                }
            }
        });
    }

    /** The four uniform cubic B-spline weights at fraction t of a spline interval. */
    private static double[] basis(double t) {
        double s = 1 - t;
        return new double[] {s * s * s / 6, (3 * t * t * t - 6 * t * t + 4) / 6,
                (-3 * t * t * t + 3 * t * t + 3 * t + 1) / 6, t * t * t / 6};
    }
}
