package dev.claritas.mri.preprocess;

import dev.claritas.tensor.Tensor;

/**
 * Intensity normalisation over a whole tensor, composed of tensor ops (any backend, differentiable).
 * {@link #instance} is fastMRI's {@code normalize_instance} ({@code fastmri/data/transforms.py}):
 * {@code (x − mean) / (std + eps)} with PyTorch's unbiased {@code std}; it returns the mean and standard
 * deviation so that a network's output can be mapped back with {@link Normalized#undo}.
 */
public final class Normalization {
    private Normalization() {}

    /** Mean and standard deviation of a normalised tensor, and the tensor itself. */
    public record Normalized(Tensor data, Tensor mean, Tensor std) {
        /** {@code y · std + mean}: the inverse of the normalisation (fastMRI's unnormalise step). */
        public Tensor undo(Tensor y) {
            return y.mul(std).add(mean);
        }
    }

    /** {@code (x − min) / (max − min)}, into [0, 1]; a constant tensor maps to 0. */
    public static Tensor minMax(Tensor x) {
        Tensor min = x.min();
        Tensor range = x.max().sub(min);
        // a constant image has no range: divide by 1 instead of 0 so that it maps to 0, not NaN
        Tensor safe = range.add(range.le(Tensor.scalar(0, x.dtype(), x.device())).to(x.dtype()));
        return x.sub(min).div(safe);
    }

    /** fastMRI's {@code normalize_instance(data, eps)}: zero mean and unit (unbiased) standard deviation. */
    public static Normalized instance(Tensor x, double eps) {
        int[] all = allDims(x);
        Tensor mean = x.mean();
        Tensor std = x.std(all, 1, false);
        return new Normalized(x.sub(mean).div(std.add(eps)), mean, std);
    }

    /** Z-score normalisation, fastMRI's {@code normalize_instance} with {@code eps = 0}. */
    public static Normalized zScore(Tensor x) {
        return instance(x, 0);
    }

    /**
     * Clips to the {@code low}-th and {@code high}-th percentiles (numpy's {@code percentile}, method
     * "linear"), the usual way to tame outliers before min-max scaling.
     */
    public static Tensor clipPercentiles(Tensor x, double low, double high) {
        double[] p = Percentile.of(x.toDoubleArray(), low, high);
        return x.clamp(p[0], p[1]);
    }

    static int[] allDims(Tensor x) {
        int[] dims = new int[x.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        return dims;
    }
}
