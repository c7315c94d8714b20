package dev.claritas.nn;

import static dev.claritas.nn.PixelShuffle.concat;
import static dev.claritas.nn.PixelShuffle.leadDims;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * Rearranges [*, C, H·r, W·r] into [*, C·r², H, W], PyTorch's {@code nn.PixelUnshuffle}: the
 * inverse of {@link PixelShuffle}.
 */
public class PixelUnshuffle extends Module {
    private final int downscaleFactor;

    public PixelUnshuffle(int downscaleFactor) {
        if (downscaleFactor < 1) {
            throw new IllegalArgumentException("PixelUnshuffle: downscale_factor must be positive, got " + downscaleFactor);
        }
        this.downscaleFactor = downscaleFactor;
    }

    @Override
    public Tensor forward(Tensor x) {
        int r = downscaleFactor;
        int rank = x.rank();
        if (rank < 3 || x.size(-2) % r != 0 || x.size(-1) % r != 0) {
            throw new IllegalArgumentException("PixelUnshuffle(" + r + "): expects input [*, C, H·" + r + ", W·" + r
                    + "], got " + x.shape());
        }
        int[] lead = Arrays.copyOf(x.shape().toArray(), rank - 3);
        int c = x.size(-3), h = x.size(-2) / r, w = x.size(-1) / r;
        // [*, c, h, i, w, j] → [*, c, i, j, h, w]
        Tensor split = x.reshape(concat(lead, c, h, r, w, r));
        return split.permute(concat(leadDims(lead.length), lead.length, lead.length + 2, lead.length + 4,
                lead.length + 1, lead.length + 3)).reshape(concat(lead, c * r * r, h, w));
    }

    @Override
    protected String extraRepr() {
        return "downscale_factor=" + downscaleFactor;
    }
}
