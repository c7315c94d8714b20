package dev.claritas.mri.degrade;

import dev.claritas.mri.kspace.Complex;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.List;

/**
 * Low resolution by k-space truncation, how MRI actually loses resolution: the image's centred
 * orthonormal 2-D FFT ({@link Ops#fft2c}, fastMRI's convention) over its last two axes, only the central
 * {@code round(fraction · n)} samples of each kept (the block starting at {@code n/2 − m/2}, so that
 * the DC sample stays the centre), an optional {@link KspaceWindow#tukey Tukey} taper, and the
 * magnitude of the inverse FFT. {@link #lowPass} zero-fills back to the input size (the usual
 * super-resolution input); {@link #downsample} returns the smaller image, scaled by
 * {@code sqrt(m_h·m_w / n_h·n_w)} so that mean intensity is kept. Real input; composed of
 * differentiable ops.
 */
public final class KspaceTruncation {
    private KspaceTruncation() {}

    /** The image with k-space outside the central fraction zeroed, same size. {@code alpha} 0 = hard cut. */
    public static Tensor lowPass(Tensor image, double fraction, double alpha) {
        int h = image.size(-2);
        int w = image.size(-1);
        int mh = kept(h, fraction);
        int mw = kept(w, fraction);
        Tensor window = window(h, w, mh, mw, alpha, image);
        return Complex.abs(Ops.ifft2c(toKspace(image).mul(window)));
    }

    /** The image whose k-space is the central fraction only: {@code [..., m_h, m_w]}. */
    public static Tensor downsample(Tensor image, double fraction, double alpha) {
        int h = image.size(-2);
        int w = image.size(-1);
        int mh = kept(h, fraction);
        int mw = kept(w, fraction);
        Tensor k = toKspace(image);
        Tensor centre = k.narrow(k.rank() - 3, h / 2 - mh / 2, mh).narrow(k.rank() - 2, w / 2 - mw / 2, mw);
        Tensor window = window(mh, mw, mh, mw, alpha, image);
        return Complex.abs(Ops.ifft2c(centre.mul(window))).mul(Math.sqrt((double) mh * mw / ((double) h * w)));
    }

    /** The centred k-space of a real image, {@code [..., H, W, 2]}. */
    static Tensor toKspace(Tensor image) {
        return Ops.fft2c(Ops.stack(List.of(image, image.zerosLike()), -1));
    }

    static int kept(int n, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the kept fraction of k-space lies in (0, 1], got " + fraction);
        }
        return Math.max(1, (int) Math.rint(fraction * n));
    }

    /** A [h, w, 1] weight: the Tukey window on the central mh × mw block, 0 elsewhere. */
    static Tensor window(int h, int w, int mh, int mw, double alpha, Tensor like) {
        double[] wh = KspaceWindow.tukey(mh, alpha);
        double[] ww = KspaceWindow.tukey(mw, alpha);
        int h0 = h / 2 - mh / 2;
        int w0 = w / 2 - mw / 2;
        double[] out = new double[h * w];
        for (int i = 0; i < mh; i++) {
            for (int j = 0; j < mw; j++) {
                out[(h0 + i) * w + w0 + j] = wh[i] * ww[j];
            }
        }
        return Tensor.of(out, h, w, 1).to(like.dtype()).to(like.device());
    }
}
