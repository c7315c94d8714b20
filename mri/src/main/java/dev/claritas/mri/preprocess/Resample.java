package dev.claritas.mri.preprocess;

import dev.claritas.mri.preprocess.AxisResampler.Grid;
import dev.claritas.mri.preprocess.AxisResampler.Kernel;
import dev.claritas.tensor.Tensor;

/**
 * Resampling a 2-D or 3-D image to a new voxel spacing. The output has {@code round(n · old / new)}
 * samples per axis (Python's round, halves to even, as scipy's {@code zoom}) and the end samples of
 * input and output coincide: linear equals {@code scipy.ndimage.zoom(order=1, grid_mode=False)} and
 * PyTorch's {@code interpolate(mode="trilinear"/"bilinear", align_corners=True)}; cubic is Keys' cubic
 * convolution ({@code a = −0.75}) on that grid, equal to PyTorch's {@code bicubic, align_corners=True}
 * applied axis by axis (scipy's order-3 zoom is a B-spline with prefiltering, a different
 * interpolator).
 */
public final class Resample {
    private Resample() {}

    /** Resamples the trailing {@code spacing.length} axes from {@code spacing} to {@code newSpacing}. */
    public static Tensor toSpacing(Tensor x, double[] spacing, double[] newSpacing, Kernel kernel) {
        if (spacing.length != newSpacing.length || spacing.length > x.rank()) {
            throw new IllegalArgumentException("toSpacing: spacings " + spacing.length + " and " + newSpacing.length
                    + " axes do not fit shape " + x.shape());
        }
        int[] sizes = new int[spacing.length];
        for (int k = 0; k < sizes.length; k++) {
            int n = x.size(x.rank() - sizes.length + k);
            sizes[k] = Math.max(1, (int) Math.rint(n * spacing[k] / newSpacing[k]));
        }
        return toSize(x, sizes, kernel);
    }

    /** Resamples the trailing axes to the given sizes on the corner-aligned grid. */
    public static Tensor toSize(Tensor x, int[] sizes, Kernel kernel) {
        return AxisResampler.resample(x, sizes, kernel, Grid.ALIGN_CORNERS);
    }
}
