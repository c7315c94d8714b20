package dev.claritas.mri.degrade;

import dev.claritas.mri.kspace.Complex;
import dev.claritas.mri.kspace.MaskFunc;
import dev.claritas.mri.kspace.MaskedKspace;
import dev.claritas.mri.kspace.Undersampling;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A reconstruction training pair from a fully sampled image: its centred k-space ({@link Ops#fft2c}),
 * undersampled with any {@link MaskFunc} through fastMRI's {@code apply_mask} ({@link Undersampling}),
 * and the zero-filled reconstruction {@code |ifft2c(masked)|} (fastMRI's baseline).
 *
 * @param zeroFilled the magnitude of the zero-filled inverse FFT, the image's shape
 * @param kspace the masked k-space {@code [..., H, W, 2]}
 * @param mask the mask {@code [1, ..., 1, W, 1]}
 * @param numLowFrequencies the number of fully sampled centre lines
 */
public record UndersampledImage(Tensor zeroFilled, Tensor kspace, Tensor mask, int numLowFrequencies) {

    /** Undersamples a real image [..., H, W] (lines along W) with a mask drawn from the given seed. */
    public static UndersampledImage of(Tensor image, MaskFunc maskFunc, long seed) {
        Tensor complex = Ops.stack(List.of(image, image.zerosLike()), -1);
        return ofComplex(complex, maskFunc, seed);
    }

    /** Undersamples a complex image [..., H, W, 2]. */
    public static UndersampledImage ofComplex(Tensor image, MaskFunc maskFunc, long seed) {
        MaskedKspace m = Undersampling.applyMask(Ops.fft2c(image), maskFunc, OptionalInt.empty(), OptionalLong.of(seed));
        return new UndersampledImage(Complex.abs(Ops.ifft2c(m.kspace())), m.kspace(), m.mask(), m.numLowFrequencies());
    }
}
