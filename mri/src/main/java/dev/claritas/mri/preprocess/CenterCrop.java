package dev.claritas.mri.preprocess;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.PadMode;
import dev.claritas.tensor.Tensor;

/**
 * Centre crop and pad of the trailing axes. Cropping follows fastMRI's {@code center_crop} (the
 * window starts at {@code (n − m) / 2}, rounded down, so an odd excess leaves the extra sample at the
 * end) and {@code complex_center_crop} (the same on the axes before a trailing complex axis of 2).
 * Padding is its inverse: {@code (m − n) / 2} zeros before, the rest after, so that
 * {@code crop(pad(x)) = x}.
 */
public final class CenterCrop {
    private CenterCrop() {}

    /** fastMRI's {@code center_crop}: crops the last {@code size.length} axes to {@code size}. */
    public static Tensor crop(Tensor x, int... size) {
        return cropAxes(x, x.rank() - size.length, size);
    }

    /** fastMRI's {@code complex_center_crop}: crops the axes before the trailing complex axis. */
    public static Tensor complexCrop(Tensor x, int... size) {
        if (x.size(-1) != 2) {
            throw new IllegalArgumentException("complexCrop expects a trailing complex axis of 2, got shape " + x.shape());
        }
        return cropAxes(x, x.rank() - 1 - size.length, size);
    }

    /** Zero-pads the last {@code size.length} axes to {@code size}, centred as the inverse of {@link #crop}. */
    public static Tensor pad(Tensor x, int... size) {
        int[] pad = new int[2 * size.length];
        for (int k = 0; k < size.length; k++) {
            int n = x.size(x.rank() - size.length + k);
            if (size[k] < n) {
                throw new IllegalArgumentException("pad: axis " + k + " of " + x.shape() + " is larger than " + size[k]);
            }
            // F.pad lists the last axis first
            int slot = 2 * (size.length - 1 - k);
            pad[slot] = (size[k] - n) / 2;
            pad[slot + 1] = size[k] - n - pad[slot];
        }
        return Ops.pad(x, pad, PadMode.CONSTANT, 0);
    }

    /** Crops where the tensor is larger and pads where it is smaller, axis by axis. */
    public static Tensor cropOrPad(Tensor x, int... size) {
        int first = x.rank() - size.length;
        int[] cropTo = new int[size.length];
        for (int k = 0; k < size.length; k++) {
            cropTo[k] = Math.min(size[k], x.size(first + k));
        }
        return pad(crop(x, cropTo), size);
    }

    private static Tensor cropAxes(Tensor x, int first, int[] size) {
        Tensor out = x;
        for (int k = 0; k < size.length; k++) {
            int n = x.size(first + k);
            if (size[k] > n || size[k] < 1) {
                throw new IllegalArgumentException("crop: invalid size " + size[k] + " for axis " + (first + k)
                        + " of shape " + x.shape());
            }
            out = out.narrow(first + k, (n - size[k]) / 2, size[k]);
        }
        return out;
    }
}
