package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * The local window of SSIM and how it estimates variances, for {@link SSIMLoss} and {@link MSSSIMLoss}.
 * Local means, variances and the covariance come from filtering x, y, x², y² and x·y with the window,
 * over "valid" positions only (windows wholly inside the image, no padding), as a depthwise convolution
 * with a fixed weight. Both windows are separable, so the filter is a vertical then a horizontal 1-D
 * pass, the same values as the 2-D kernel (their outer product) in fewer operations.
 *
 * <p>The moments are taken of x − s and y − s, with s the target's mean per image and channel (the means
 * are shifted back): the variances do not change, but float32 loses far fewer digits in E[x²] − E[x]²
 * when the values sit on a large offset; against float64 references the input gradients of the loss
 * then agree to about 1e-6 of their magnitude instead of 2e-5.
 */
public final class SsimWindow {
    private final double[] taps;
    private final double covarianceNorm;
    private final String description;

    private SsimWindow(double[] taps, double covarianceNorm, String description) {
        this.taps = taps;
        this.covarianceNorm = covarianceNorm;
        this.description = description;
    }

    /**
     * A Gaussian window of {@code size} taps and standard deviation {@code sigma} (normalised to sum 1)
     * with population statistics, as pytorch_msssim's {@code ssim}/{@code ms_ssim} and MONAI's
     * {@code SSIMLoss} (Wang et al. 2004 use 11 and 1.5).
     */
    public static SsimWindow gaussian(int size, double sigma) {
        checkSize(size);
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("SSIM window: sigma must be positive, got " + sigma);
        }
        double[] taps = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = i - (size - 1) / 2.0;
            taps[i] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += taps[i];
        }
        for (int i = 0; i < size; i++) {
            taps[i] /= sum;
        }
        return new SsimWindow(taps, 1, "Gaussian " + size + "×" + size + ", σ " + sigma);
    }

    /**
     * A uniform window of {@code size}×{@code size} with sample (co)variances, scaled by n/(n − 1) for
     * n = size² values: fastMRI's {@code SSIMLoss} and scikit-image's {@code structural_similarity}
     * (fastMRI's evaluation metric) with size 7.
     */
    public static SsimWindow uniform(int size) {
        checkSize(size);
        double[] taps = new double[size];
        Arrays.fill(taps, 1.0 / size);
        double n = (double) size * size;
        return new SsimWindow(taps, n / (n - 1), "uniform " + size + "×" + size);
    }

    private static void checkSize(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("SSIM window: size must be at least 2, got " + size);
        }
    }

    /** The window's side. */
    public int size() {
        return taps.length;
    }

    @Override
    public String toString() {
        return description;
    }

    /** The SSIM map and the contrast-structure map (SSIM without its luminance factor), [N, C, H', W']. */
    record Maps(Tensor ssim, Tensor contrastStructure) {}

    /**
     * SSIM = l·cs with l = (2·μx·μy + C1)/(μx² + μy² + C1) and cs = (2·σxy + C2)/(σx² + σy² + C2) at every
     * valid window position, for constants C1 and C2 that broadcast against [N, C, H', W'].
     */
    Maps maps(Tensor x, Tensor y, Tensor c1, Tensor c2) {
        // Shifted moments (see the class comment); the shift is a constant, outside the graph.
        Tensor shift = y.detach().mean(new int[] {2, 3}, true);
        Tensor xs = x.sub(shift);
        Tensor ys = y.sub(shift);
        Tensor mx = filter(xs);
        Tensor my = filter(ys);
        Tensor vx = filter(xs.square()).sub(mx.square()).mul(covarianceNorm);
        Tensor vy = filter(ys.square()).sub(my.square()).mul(covarianceNorm);
        Tensor vxy = filter(xs.mul(ys)).sub(mx.mul(my)).mul(covarianceNorm);
        Tensor ux = mx.add(shift);
        Tensor uy = my.add(shift);
        Tensor cs = vxy.mul(2).add(c2).div(vx.add(vy).add(c2));
        Tensor luminance = ux.mul(uy).mul(2).add(c1).div(ux.square().add(uy.square()).add(c1));
        return new Maps(luminance.mul(cs), cs);
    }

    /** Checks that [N, C, H, W] images hold at least one whole window; {@code what} names the caller. */
    void checkFits(String what, Tensor x) {
        if (x.size(2) < size() || x.size(3) < size()) {
            throw new IllegalArgumentException(what + ": images of " + x.size(2) + "×" + x.size(3)
                    + " are smaller than the " + this + " window");
        }
    }

    /** Depthwise valid filtering of [N, C, H, W]: each channel by itself, down then across. */
    private Tensor filter(Tensor x) {
        int c = x.size(1);
        int k = taps.length;
        double[] weights = new double[c * k];
        for (int ch = 0; ch < c; ch++) {
            System.arraycopy(taps, 0, weights, ch * k, k);
        }
        Tensor column = Tensor.of(weights, c, 1, k, 1).to(x.dtype()).to(x.device());
        Tensor row = column.reshape(c, 1, 1, k);
        int[] one = {1, 1};
        int[] none = {0, 0};
        Tensor down = Ops.conv2d(x, column, null, one, none, one, c);
        return Ops.conv2d(down, row, null, one, none, one, c);
    }
}
