package dev.claritas.mri.augment;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.List;

/**
 * The k-space side of the artefact simulations: the centred orthonormal 2-D FFT ({@link Ops#fft2c}) of
 * a real image over its last two axes (H, W; 3-D volumes slice by slice, where TorchIO uses a 3-D FFT),
 * and back, keeping the real part as TorchIO does.
 */
final class Kspace {
    private Kspace() {}

    static Tensor forward(Tensor image) {
        return Ops.fft2c(Ops.stack(List.of(image, image.zerosLike()), -1));
    }

    static Tensor inverseReal(Tensor kspace) {
        return Ops.ifft2c(kspace).narrow(-1, 0, 1).squeeze(-1);
    }
}
