package dev.claritas.nn;

import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;

/**
 * Anisotropic total variation, a smoothness regulariser of one image batch x [..., H, W]:
 * <pre>  TV(x) = (Σ |x[.., i+1, j] − x[.., i, j]| + Σ |x[.., i, j+1] − x[.., i, j]|) / numel(x)</pre>
 * the L1 norm of the forward differences down and across, averaged over all elements (pixels, channels
 * and images), so that its weight does not depend on the image size or the batch. The last row has no
 * difference down and the last column none across (no wrap-around, no padding).
 */
public final class TotalVariationLoss {
    public Tensor apply(Tensor x) {
        if (x.rank() < 2) {
            throw new ShapeMismatchException("TotalVariationLoss: expects [..., H, W], got shape " + x.shape());
        }
        int h = x.size(-2);
        int w = x.size(-1);
        Tensor down = x.narrow(-2, 1, h - 1).sub(x.narrow(-2, 0, h - 1)).abs().sum();
        Tensor across = x.narrow(-1, 1, w - 1).sub(x.narrow(-1, 0, w - 1)).abs().sum();
        return down.add(across).div(x.numel());
    }
}
