package dev.claritas.mri.kspace;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * Multi-coil operations: root-sum-of-squares coil combination, the SENSE forward and adjoint
 * operators, and sensitivity estimation from the centre of k-space. All are differentiable.
 *
 * <p>Multi-coil complex data is {@code [..., C, H, W, 2]}: the coil dimension is the one before the
 * image rows (dimension 1 of fastMRI's {@code [B, C, H, W, 2]}, dimension 0 of {@code [C, H, W, 2]}),
 * and the FFTs run over H and W ({@link Ops#fft2c}).
 */
public final class Coils {
    private Coils() {}

    /** Root-sum-of-squares of real data over {@code coilDim}: {@code sqrt(Σ_c x_c²)} (fastMRI's {@code rss}). */
    public static Tensor rss(Tensor x, int coilDim) {
        return x.square().sum(coilDim, false).sqrt();
    }

    /**
     * Root-sum-of-squares of complex data {@code [..., 2]} over {@code coilDim}: {@code sqrt(Σ_c |x_c|²)}
     * (fastMRI's {@code rss_complex}). {@code coilDim} counts the dimensions of x, the complex one included.
     */
    public static Tensor rssComplex(Tensor x, int coilDim) {
        Complex.check("Coils.rssComplex", x);
        int dim = coilDim < 0 ? coilDim + x.rank() : coilDim;
        if (dim < 0 || dim >= x.rank() - 1) {
            throw new IllegalArgumentException("Coils.rssComplex: coil dimension " + coilDim + " is the complex dimension"
                    + " or outside shape " + x.shape());
        }
        return Complex.absSquared(x).sum(dim, false).sqrt();
    }

    /**
     * The SENSE forward operator E: coil images {@code image · S_c}, then each to k-space with
     * {@code fft2c} (fastMRI's {@code sens_expand} in {@code VarNetBlock}). {@code image} is
     * {@code [..., 1, H, W, 2]}, {@code maps} {@code [..., C, H, W, 2]}; the result has the maps' shape.
     */
    public static Tensor senseExpand(Tensor image, Tensor maps) {
        checkMultiCoil("Coils.senseExpand", image, maps);
        return Ops.fft2c(Complex.mul(image, maps));
    }

    /**
     * The adjoint E<sup>H</sup> of {@link #senseExpand}: {@code ifft2c} of each coil's k-space, times
     * {@code conj(S_c)}, summed over the coils into {@code [..., 1, H, W, 2]} (fastMRI's {@code sens_reduce}).
     */
    public static Tensor senseReduce(Tensor kspace, Tensor maps) {
        checkMultiCoil("Coils.senseReduce", kspace, maps);
        return Complex.mul(Ops.ifft2c(kspace), Complex.conj(maps)).sum(kspace.rank() - 4, true);
    }

    /**
     * Sensitivity maps from the fully sampled centre of k-space, as E2E-VarNet's {@code SensitivityModel}
     * computes them before its U-Net: keep only the {@code numLowFrequencies} centre columns (dimension W,
     * starting at {@code (W − numLowFrequencies + 1) / 2}, fastMRI's {@code mask_center}), go to coil
     * images with {@code ifft2c}, and divide by their root-sum-of-squares over the coils
     * ({@code divide_root_sum_of_squares}), so the maps' RSS is 1 wherever it is defined. As in fastMRI,
     * there is no guard against a zero RSS.
     *
     * @param kspace multi-coil k-space {@code [..., C, H, W, 2]}
     */
    public static Tensor estimateSensitivities(Tensor kspace, int numLowFrequencies) {
        Complex.check("Coils.estimateSensitivities", kspace);
        if (kspace.rank() < 4) {
            throw new ShapeMismatchException("Coils.estimateSensitivities: expects multi-coil k-space [..., C, H, W, 2], got shape "
                    + kspace.shape());
        }
        int width = kspace.size(-2);
        if (numLowFrequencies < 1 || numLowFrequencies > width) {
            throw new IllegalArgumentException("Coils.estimateSensitivities: " + numLowFrequencies
                    + " low-frequency columns do not fit in " + width + " columns");
        }
        int start = (width - numLowFrequencies + 1) / 2;
        float[] keep = new float[width];
        Arrays.fill(keep, start, start + numLowFrequencies, 1f);
        // a [W, 1] column mask broadcasts over everything else, and multiplying keeps the gradient path
        Tensor centre = kspace.mul(Tensor.of(keep, width, 1).to(kspace.dtype()).to(kspace.device()));
        Tensor images = Ops.ifft2c(centre);
        int coilDim = kspace.rank() - 4;
        return images.div(rssComplex(images, coilDim).unsqueeze(coilDim).unsqueeze(-1));
    }

    private static void checkMultiCoil(String op, Tensor a, Tensor maps) {
        Complex.check(op, a);
        Complex.check(op, maps);
        if (a.rank() < 4 || maps.rank() != a.rank()) {
            throw new ShapeMismatchException(op + ": expects [..., C, H, W, 2] data and maps of the same rank, got shapes "
                    + a.shape() + " and " + maps.shape());
        }
    }
}
