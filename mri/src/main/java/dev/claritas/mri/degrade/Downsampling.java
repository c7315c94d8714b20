package dev.claritas.mri.degrade;

import dev.claritas.mri.preprocess.AxisResampler;
import dev.claritas.mri.preprocess.AxisResampler.Grid;
import dev.claritas.mri.preprocess.AxisResampler.Kernel;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Low resolution by image-domain downsampling, for super-resolution training pairs, in-plane and
 * through-plane. Everything is composed of differentiable tensor ops.
 * <ul>
 *   <li>{@link #area}: PyTorch's {@code F.interpolate(mode="area")} for an integer factor, i.e. average
 *       pooling over {@code factor}-sized blocks of the last two (2-D) or three (3-D) axes.</li>
 *   <li>{@link #bicubic}: PyTorch's {@code F.interpolate(mode="bicubic", align_corners=False)}
 *       ({@code a = −0.75}, border replicated, no antialiasing), per axis with {@link AxisResampler}.</li>
 *   <li>{@link #sliceThickness}: thicker slices, the mean of each group of {@code factor} consecutive
 *       slices along an axis (a trailing incomplete group is dropped).</li>
 * </ul>
 */
public final class Downsampling {
    private Downsampling() {}

    /** Area downsampling of [N, C, H, W] or [N, C, D, H, W] by an integer factor on every spatial axis. */
    public static Tensor area(Tensor x, int factor) {
        return switch (x.rank()) {
            case 4 -> Ops.avgPool2d(x, factor);
            case 5 -> Ops.avgPool3d(x, factor);
            default -> throw new IllegalArgumentException("area: expects [N, C, H, W] or [N, C, D, H, W], got " + x.shape());
        };
    }

    /** Area downsampling of the two in-plane axes (H, W) only. */
    public static Tensor areaInPlane(Tensor x, int factor) {
        if (x.rank() == 4) {
            return Ops.avgPool2d(x, factor);
        }
        return sliceThickness(sliceThickness(x, -1, factor), -2, factor);
    }

    /** PyTorch's bicubic resize of the trailing axes to {@code sizes} (align_corners=False). */
    public static Tensor bicubic(Tensor x, int... sizes) {
        return AxisResampler.resample(x, sizes, Kernel.CUBIC, Grid.HALF_PIXEL);
    }

    /** PyTorch's bilinear resize of the trailing axes to {@code sizes} (align_corners=False). */
    public static Tensor bilinear(Tensor x, int... sizes) {
        return AxisResampler.resample(x, sizes, Kernel.LINEAR, Grid.HALF_PIXEL);
    }

    /** The mean of groups of {@code factor} consecutive entries along {@code dim}. */
    public static Tensor sliceThickness(Tensor x, int dim, int factor) {
        int d = dim < 0 ? dim + x.rank() : dim;
        int groups = x.size(d) / factor;
        if (factor < 1 || groups < 1) {
            throw new IllegalArgumentException("sliceThickness: factor " + factor + " does not fit axis " + d + " of " + x.shape());
        }
        int[] shape = x.shape().toArray();
        int[] grouped = new int[shape.length + 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i == d) {
                grouped[j++] = groups;
                grouped[j++] = factor;
            } else {
                grouped[j++] = shape[i];
            }
        }
        return x.narrow(d, 0, groups * factor).reshape(grouped).mean(d + 1, false);
    }
}
