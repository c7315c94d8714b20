package dev.claritas.mri.preprocess;

import dev.claritas.tensor.Tensor;

/**
 * Contrast stretching: scikit-image's {@code exposure.rescale_intensity(image, in_range=(p_low,
 * p_high), out_range=(out_min, out_max))} with the input range taken at two percentiles (numpy's
 * linear {@code percentile}), as in scikit-image's own example with the 2nd and 98th: clip to the input
 * range, then map it linearly onto the output range. Composed of tensor ops, so differentiable in the
 * image once the percentiles are fixed.
 */
public final class ContrastStretch {
    private ContrastStretch() {}

    /** Stretches the {@code low}–{@code high} percentile range of {@code image} onto [outMin, outMax]. */
    public static Tensor stretch(Tensor image, double low, double high, double outMin, double outMax) {
        double[] p = Percentile.of(image.toDoubleArray(), low, high);
        return rescale(image, p[0], p[1], outMin, outMax);
    }

    /** {@code rescale_intensity} with explicit ranges; an empty input range clips to the output range. */
    public static Tensor rescale(Tensor image, double inMin, double inMax, double outMin, double outMax) {
        Tensor clipped = image.clamp(inMin, inMax);
        if (inMin == inMax) {
            return clipped.clamp(outMin, outMax);
        }
        return clipped.sub(inMin).div(inMax - inMin).mul(outMax - outMin).add(outMin);
    }
}
