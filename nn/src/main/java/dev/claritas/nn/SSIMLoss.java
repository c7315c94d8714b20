package dev.claritas.nn;

import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;

/**
 * 1 − SSIM of images [N, C, H, W], with SSIM the mean over images, channels and valid window positions of
 * <pre>  (2·μx·μy + C1)(2·σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),  C1 = (K1·L)², C2 = (K2·L)²</pre>
 * for K1 = 0.01, K2 = 0.03 and the data range L, the span the values can take (e.g. 1 for images in
 * [0, 1]; it must be given, not guessed from the images). The window fixes the local statistics:
 * <ul>
 *   <li>{@link #gaussian}: Gaussian 11×11, σ 1.5, population variances — pytorch_msssim's
 *       {@code SSIM(data_range=L)} and MONAI's {@code SSIMLoss(spatial_dims=2, data_range=L)};</li>
 *   <li>{@link #fastMri}: uniform 7×7, sample variances — fastMRI's {@code SSIMLoss} ({@code fastmri/losses.py}),
 *       one channel or several, each filtered by itself. fastMRI passes a data range per image (the
 *       maximum of the target's volume): use {@link #apply(Tensor, Tensor, Tensor)}.</li>
 * </ul>
 * Only windows wholly inside the image count (no padding), in both. The fastMRI form on one 2-D image
 * equals scikit-image's {@code structural_similarity} with its defaults, which fastMRI's evaluation uses:
 * it pads and then crops the border where windows would leave the image, leaving the same positions.
 */
public final class SSIMLoss implements Loss {
    static final double K1 = 0.01;
    static final double K2 = 0.03;

    private final SsimWindow window;
    private final double dataRange;

    public SSIMLoss(SsimWindow window, double dataRange) {
        checkRange(dataRange);
        this.window = window;
        this.dataRange = dataRange;
    }

    /** Gaussian 11×11, σ 1.5, population statistics (pytorch_msssim, MONAI). */
    public static SSIMLoss gaussian(double dataRange) {
        return new SSIMLoss(SsimWindow.gaussian(11, 1.5), dataRange);
    }

    /** Uniform 7×7, sample statistics (fastMRI, scikit-image). */
    public static SSIMLoss fastMri(double dataRange) {
        return new SSIMLoss(SsimWindow.uniform(7), dataRange);
    }

    /** 1 − SSIM with this loss's data range. */
    @Override
    public Tensor apply(Tensor input, Tensor target) {
        return ssim(input, target).neg().add(1);
    }

    /** 1 − SSIM with a data range per image, {@code dataRange} [N], as fastMRI's {@code SSIMLoss.forward}. */
    public Tensor apply(Tensor input, Tensor target, Tensor dataRange) {
        return ssim(input, target, dataRange).neg().add(1);
    }

    /** The mean SSIM with this loss's data range. */
    public Tensor ssim(Tensor x, Tensor y) {
        Losses.checkImages("SSIMLoss", x, y);
        Tensor range = Tensor.scalar(dataRange, x.dtype(), x.device());
        return meanSsim(x, y, range);
    }

    /** The mean SSIM with one data range per image, {@code dataRange} [N]; no gradient flows to it. */
    public Tensor ssim(Tensor x, Tensor y, Tensor dataRange) {
        Losses.checkImages("SSIMLoss", x, y);
        if (dataRange.rank() != 1 || dataRange.size(0) != x.size(0)) {
            throw new ShapeMismatchException("SSIMLoss: the data range needs one value per image, shape [" + x.size(0)
                    + "], got " + dataRange.shape());
        }
        for (double r : dataRange.toDoubleArray()) {
            checkRange(r);
        }
        Tensor range = dataRange.detach().to(x.dtype()).to(x.device()).reshape(x.size(0), 1, 1, 1);
        return meanSsim(x, y, range);
    }

    private Tensor meanSsim(Tensor x, Tensor y, Tensor range) {
        window.checkFits("SSIMLoss", x);
        Tensor c1 = range.mul(K1).square();
        Tensor c2 = range.mul(K2).square();
        return window.maps(x, y, c1, c2).ssim().mean();
    }

    private static void checkRange(double dataRange) {
        if (!(dataRange > 0) || Double.isInfinite(dataRange)) {
            throw new IllegalArgumentException("SSIMLoss: the data range must be positive and finite, got " + dataRange);
        }
    }

    @Override
    public String toString() {
        return "SSIMLoss(window=" + window + ", data_range=" + dataRange + ")";
    }
}
