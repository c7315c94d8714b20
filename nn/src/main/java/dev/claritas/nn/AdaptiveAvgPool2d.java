package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Average pooling of [N, C, H, W] to a fixed [N, C, outH, outW], PyTorch's
 * {@code nn.AdaptiveAvgPool2d}: output i along an axis of size n averages input positions
 * [⌊i·n/out⌋, ⌈(i+1)·n/out⌉), so windows may differ in size and overlap.
 */
public class AdaptiveAvgPool2d extends Module {
    private final int outH, outW;

    /** A square output; 1 is global average pooling. */
    public AdaptiveAvgPool2d(int outputSize) {
        this(outputSize, outputSize);
    }

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: expects input [N, C, H, W], got " + x.shape());
        }
        int h = x.size(2), w = x.size(3);
        if (h % outH == 0 && w % outW == 0) {
            // equal, disjoint windows: plain average pooling in one pass
            int[] kernel = {h / outH, w / outW};
            return Ops.avgPool2d(x, kernel, kernel, new int[] {0, 0}, false, true);
        }
        // The windows are products of per-axis intervals with equal weights, so averaging rows and
        // then columns gives the window means.
        return poolAxis(poolAxis(x, 2, outH), 3, outW);
    }

    /** Adaptive average pooling along one axis (2 or 3) of x. */
    private static Tensor poolAxis(Tensor x, int axis, int out) {
        int in = x.size(axis);
        if (in % out == 0) {
            int k = in / out;
            int[] kernel = axis == 2 ? new int[] {k, 1} : new int[] {1, k};
            return k == 1 ? x : Ops.avgPool2d(x, kernel, kernel, new int[] {0, 0}, false, true);
        }
        List<Tensor> windows = new ArrayList<>(out);
        for (int i = 0; i < out; i++) {
            int start = Math.floorDiv(i * in, out);
            int end = Math.ceilDiv((i + 1) * in, out);
            windows.add(x.narrow(axis, start, end - start).mean(axis, true));
        }
        return Ops.cat(windows, axis);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + (outH == outW ? Integer.toString(outH) : Repr.tuple(outH, outW));
    }
}
