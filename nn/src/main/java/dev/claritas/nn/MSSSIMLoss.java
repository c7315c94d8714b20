package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * 1 − MS-SSIM (Wang, Simoncelli and Bovik 2003) of images [N, C, H, W], as pytorch_msssim's
 * {@code MS_SSIM(data_range=L)} with its defaults: a Gaussian 11×11 window, σ 1.5, population
 * statistics, K1 = 0.01, K2 = 0.03 ({@link SSIMLoss#gaussian}'s), and M = 5 scales weighted
 * w = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]. At scales 1..M−1 it takes cs_j, the mean over the
 * valid window positions of the contrast-structure term, per image and channel, then halves the images
 * by 2×2 average pooling (padded by one, counted as zeros, along an odd side); at scale M it takes the
 * mean SSIM. With each value clamped at 0 (ReLU),
 * <pre>  MS-SSIM = mean over images and channels of Π_{j&lt;M} cs_j^(w_j) · ssim_M^(w_M)</pre>
 * The shorter image side must exceed (11 − 1)·2^(M−1), 160 for five scales, so that the last scale
 * still holds a window.
 */
public final class MSSSIMLoss implements Loss {
    private static final double[] DEFAULT_WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};

    private final SsimWindow window = SsimWindow.gaussian(11, 1.5);
    private final double dataRange;
    private final double[] weights;

    /** Five scales with pytorch_msssim's weights. */
    public MSSSIMLoss(double dataRange) {
        this(dataRange, DEFAULT_WEIGHTS);
    }

    /** One scale per weight, the finest first. */
    public MSSSIMLoss(double dataRange, double[] weights) {
        if (!(dataRange > 0) || Double.isInfinite(dataRange)) {
            throw new IllegalArgumentException("MSSSIMLoss: the data range must be positive and finite, got " + dataRange);
        }
        if (weights.length == 0) {
            throw new IllegalArgumentException("MSSSIMLoss: needs at least one scale weight");
        }
        this.dataRange = dataRange;
        this.weights = weights.clone();
    }

    /** The shorter side an image needs: more than (window − 1)·2^(scales − 1). */
    public int minimumSide() {
        return (window.size() - 1) * (1 << (weights.length - 1)) + 1;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        return msSsim(input, target).neg().add(1);
    }

    /** MS-SSIM, averaged over images and channels. */
    public Tensor msSsim(Tensor x, Tensor y) {
        Losses.checkImages("MSSSIMLoss", x, y);
        int shorter = Math.min(x.size(2), x.size(3));
        if (shorter < minimumSide()) {
            throw new IllegalArgumentException("MSSSIMLoss: images of " + x.size(2) + "×" + x.size(3) + " are too small for "
                    + weights.length + " scales with an 11×11 window: the shorter side must be at least " + minimumSide()
                    + ", more than (11 − 1)·2^" + (weights.length - 1) + " (or use fewer scales, or SSIMLoss)");
        }
        Tensor c1 = Tensor.scalar(Math.pow(SSIMLoss.K1 * dataRange, 2), x.dtype(), x.device());
        Tensor c2 = Tensor.scalar(Math.pow(SSIMLoss.K2 * dataRange, 2), x.dtype(), x.device());
        int[] spatial = {2, 3};
        Tensor product = null;
        for (int scale = 0; scale < weights.length; scale++) {
            SsimWindow.Maps maps = window.maps(x, y, c1, c2);
            boolean last = scale == weights.length - 1;
            Tensor perChannel = (last ? maps.ssim() : maps.contrastStructure()).mean(spatial, false).relu();
            Tensor term = perChannel.pow(weights[scale]);
            product = product == null ? term : product.mul(term);
            if (!last) {
                x = halve(x);
                y = halve(y);
            }
        }
        return product.mean();
    }

    /** 2×2 average pooling, padded by one along an odd side (the padding counts as zeros). */
    private static Tensor halve(Tensor x) {
        int[] two = {2, 2};
        int[] padding = {x.size(2) % 2, x.size(3) % 2};
        return Ops.avgPool2d(x, two, two, padding, false, true);
    }

    @Override
    public String toString() {
        return "MSSSIMLoss(data_range=" + dataRange + ", scales=" + weights.length + ")";
    }
}
