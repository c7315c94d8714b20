package dev.claritas.mri.preprocess;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * Separable resampling of one axis: every output sample is a weighted sum of a few input samples
 * along {@code dim}, each tap a {@code indexSelect} times a weight vector. Built from tensor ops only,
 * so it runs on any backend and is differentiable in the input. Indices beyond the edges are clamped
 * (border replication), as PyTorch's upsampling kernels do.
 *
 * <p>Definitions, per axis, with {@code n} input and {@code m} output samples:
 * <ul>
 *   <li>{@link Grid#ALIGN_CORNERS}: output {@code i} sits at input coordinate {@code i·(n−1)/(m−1)}
 *       (PyTorch {@code align_corners=True}, scipy {@code ndimage.zoom(grid_mode=False)}).</li>
 *   <li>{@link Grid#HALF_PIXEL}: at {@code (i + ½)·n/m − ½} (PyTorch {@code align_corners=False});
 *       for {@link Kernel#LINEAR} a negative coordinate is clamped to 0, for {@link Kernel#CUBIC} it is
 *       not, exactly as PyTorch's {@code area_pixel_compute_source_index}.</li>
 *   <li>{@link Kernel#LINEAR}: two taps {@code (1−t, t)}; {@link Kernel#CUBIC}: Keys' convolution kernel
 *       with {@code a = −0.75} (PyTorch's {@code bicubic}), four taps at {@code ⌊x⌋−1 … ⌊x⌋+2}.</li>
 * </ul>
 */
public final class AxisResampler {
    private AxisResampler() {}

    /** The interpolation kernel. */
    public enum Kernel { LINEAR, CUBIC }

    /** Where output samples sit on the input axis. */
    public enum Grid { ALIGN_CORNERS, HALF_PIXEL }

    private static final double A = -0.75;

    /** Resamples axis {@code dim} of {@code x} to {@code size} samples. */
    public static Tensor resample(Tensor x, int dim, int size, Kernel kernel, Grid grid) {
        int d = dim < 0 ? dim + x.rank() : dim;
        int n = x.size(d);
        if (size < 1) {
            throw new IllegalArgumentException("resample: output size must be at least 1, got " + size);
        }
        if (n == size) {
            return x;  // both grids map i to i, where both kernels weigh the centre tap 1 and the others 0
        }
        int taps = kernel == Kernel.LINEAR ? 2 : 4;
        long[][] index = new long[taps][size];
        double[][] weight = new double[taps][size];
        for (int i = 0; i < size; i++) {
            double src = sourceCoordinate(i, n, size, kernel, grid);
            int base = (int) Math.floor(src);
            double t = src - base;
            double[] w = kernel == Kernel.LINEAR ? new double[] {1 - t, t} : cubicWeights(t);
            int first = kernel == Kernel.LINEAR ? base : base - 1;
            for (int k = 0; k < taps; k++) {
                index[k][i] = Math.clamp(first + k, 0, n - 1);
                weight[k][i] = w[k];
            }
        }
        int[] wShape = new int[x.rank()];
        Arrays.fill(wShape, 1);
        wShape[d] = size;
        Tensor out = null;
        for (int k = 0; k < taps; k++) {
            Tensor idx = Tensor.of(index[k], size).to(x.device());
            Tensor w = Tensor.of(weight[k], wShape).to(x.dtype()).to(x.device());
            Tensor term = Ops.indexSelect(x, d, idx).mul(w);
            out = out == null ? term : out.add(term);
        }
        return out;
    }

    /** Resamples the trailing {@code sizes.length} axes of {@code x}, one after the other. */
    public static Tensor resample(Tensor x, int[] sizes, Kernel kernel, Grid grid) {
        Tensor out = x;
        for (int k = 0; k < sizes.length; k++) {
            out = resample(out, x.rank() - sizes.length + k, sizes[k], kernel, grid);
        }
        return out;
    }

    static double sourceCoordinate(int i, int n, int m, Kernel kernel, Grid grid) {
        if (grid == Grid.ALIGN_CORNERS) {
            return m > 1 ? i * (double) (n - 1) / (m - 1) : 0;
        }
        double scale = (double) n / m;
        double src = scale * (i + 0.5) - 0.5;
        return kernel == Kernel.LINEAR && src < 0 ? 0 : src;
    }

    /** Keys' cubic convolution weights for the taps at offsets −1, 0, 1, 2 from ⌊x⌋, t = x − ⌊x⌋. */
    static double[] cubicWeights(double t) {
        return new double[] {far(t + 1), near(t), near(1 - t), far(2 - t)};
    }

    private static double near(double x) {  // |x| ≤ 1
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    private static double far(double x) {  // 1 < |x| < 2
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }
}
