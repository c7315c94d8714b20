package dev.claritas.mri.augment;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Bilinear (2-D) and trilinear (3-D) resampling, PyTorch's {@code grid_sample(mode='bilinear',
 * padding_mode='zeros', align_corners=False)} with one grid shared by the whole batch. It is composed from
 * differentiable ops, so gradients reach the image: the spatial axes are flattened, the 2<sup>d</sup>
 * neighbours of every sample point are gathered with {@link Ops#indexSelect} and summed with their
 * interpolation weights. A neighbour outside the image gets weight 0 (zeros padding), which is why its
 * index may be clamped to any valid voxel.
 */
final class GridSample {
    private GridSample() {}

    /** Maps an output voxel position (axis order D, H, W) to the input position it samples, in voxels. */
    @FunctionalInterface
    interface PointMap {
        void map(double[] out, double[] source);
    }

    /**
     * Samples {@code x} [N, C, ...in] at normalised points: {@code grid} holds, for each output voxel in
     * row-major order of {@code outSize}, its coordinates in PyTorch's order (x along W first, then y along
     * H, then z along D), −1 and 1 being the outer edges of the corner voxels.
     *
     * @return [N, C, ...outSize]
     */
    static Tensor sample(Tensor x, int[] outSize, double[] grid) {
        int dims = Augmentation.spatialDims(x);
        int points = 1;
        for (int s : outSize) {
            points *= s;
        }
        if (outSize.length != dims || grid.length != points * dims) {
            throw new IllegalArgumentException("GridSample: " + dims + "-D image " + x.shape() + ", output size of rank "
                    + outSize.length + " and " + grid.length + " grid values");
        }
        int[] in = new int[dims];
        int[] stride = new int[dims];
        int flat = 1;
        for (int a = dims - 1; a >= 0; a--) {
            in[a] = x.size(2 + a);
            stride[a] = flat;
            flat *= in[a];
        }
        Tensor values = x.flatten(2, x.rank() - 1);
        Tensor sum = null;
        for (int corner = 0; corner < 1 << dims; corner++) {
            long[] index = new long[points];
            double[] weight = new double[points];
            for (int p = 0; p < points; p++) {
                double w = 1;
                long at = 0;
                for (int a = 0; a < dims; a++) {
                    // grid coordinates run W, H, D; axis a (D, H, W order) is grid component dims-1-a
                    double g = grid[p * dims + dims - 1 - a];
                    double pos = ((g + 1) * in[a] - 1) / 2;
                    double lo = Math.floor(pos);
                    boolean upper = (corner >> (dims - 1 - a) & 1) == 1;
                    double i = upper ? lo + 1 : lo;
                    w *= upper ? pos - lo : 1 - (pos - lo);
                    if (i < 0 || i >= in[a] || Double.isNaN(pos)) {
                        w = 0;
                    } else {
                        at += (long) i * stride[a];
                    }
                }
                index[p] = w == 0 ? 0 : at;
                weight[p] = w;
            }
            Tensor term = Ops.indexSelect(values, 2, Tensor.of(index, points).to(x.device()))
                    .mul(Tensor.of(weight, points).to(x.dtype()).to(x.device()));
            sum = sum == null ? term : sum.add(term);
        }
        int[] shape = new int[dims + 2];
        shape[0] = x.size(0);
        shape[1] = x.size(1);
        System.arraycopy(outSize, 0, shape, 2, dims);
        return sum.reshape(shape);
    }

    /**
     * Resamples {@code x} onto its own grid: output voxel {@code p} takes the value at {@code map(p)}
     * (voxel positions, axis order D, H, W), interpolated as {@link #sample} does.
     */
    static Tensor warp(Tensor x, PointMap map) {
        int dims = Augmentation.spatialDims(x);
        int[] size = new int[dims];
        int points = 1;
        for (int a = 0; a < dims; a++) {
            size[a] = x.size(2 + a);
            points *= size[a];
        }
        double[] grid = new double[points * dims];
        double[] out = new double[dims];
        double[] source = new double[dims];
        for (int p = 0; p < points; p++) {
            int rest = p;
            for (int a = dims - 1; a >= 0; a--) {
                out[a] = rest % size[a];
                rest /= size[a];
            }
            map.map(out, source);
            for (int a = 0; a < dims; a++) {
                // the inverse of align_corners=False's pos = ((g + 1) n − 1) / 2
                grid[p * dims + dims - 1 - a] = (2 * source[a] + 1) / size[a] - 1;
            }
        }
        return sample(x, size, grid);
    }
}
