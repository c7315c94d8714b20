package dev.claritas.nn;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * Rearranges [*, C·r², H, W] into [*, C, H·r, W·r], PyTorch's {@code nn.PixelShuffle}: the sub-pixel
 * convolution upsampling of ESPCN and EDSR. Output pixel (h·r + i, w·r + j) of channel c is input
 * channel c·r² + i·r + j at (h, w).
 */
public class PixelShuffle extends Module {
    private final int upscaleFactor;

    public PixelShuffle(int upscaleFactor) {
        if (upscaleFactor < 1) {
            throw new IllegalArgumentException("PixelShuffle: upscale_factor must be positive, got " + upscaleFactor);
        }
        this.upscaleFactor = upscaleFactor;
    }

    @Override
    public Tensor forward(Tensor x) {
        int r = upscaleFactor;
        int rank = x.rank();
        if (rank < 3 || x.size(-3) % (r * r) != 0) {
            throw new IllegalArgumentException("PixelShuffle(" + r + "): expects input [*, C·" + r * r + ", H, W], got " + x.shape());
        }
        int[] lead = Arrays.copyOf(x.shape().toArray(), rank - 3);
        int c = x.size(-3) / (r * r), h = x.size(-2), w = x.size(-1);
        // [*, c, i, j, h, w] → [*, c, h, i, w, j]
        Tensor split = x.reshape(concat(lead, c, r, r, h, w));
        return split.permute(concat(leadDims(lead.length), lead.length, lead.length + 3, lead.length + 1,
                lead.length + 4, lead.length + 2)).reshape(concat(lead, c, h * r, w * r));
    }

    static int[] concat(int[] head, int... tail) {
        int[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** 0, 1, ..., n − 1: the leading dimensions, left in place by a permutation. */
    static int[] leadDims(int n) {
        int[] dims = new int[n];
        Arrays.setAll(dims, i -> i);
        return dims;
    }

    @Override
    protected String extraRepr() {
        return "upscale_factor=" + upscaleFactor;
    }
}
