package dev.claritas.tensor;

import dev.claritas.tensor.spi.Backend;
import dev.claritas.tensor.spi.Conv3dParams;
import dev.claritas.tensor.spi.ConvParams;
import dev.claritas.tensor.spi.SpatialConvParams;
import dev.claritas.tensor.spi.View;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Convolution and transposed convolution over 2 or 3 spatial axes (the rank of the parameters).
 * Each is the other's adjoint, so the input gradient of one is the forward of the other, and both
 * weight gradients are the same weight-gradient kernel with the roles of input and output gradient
 * swapped. Shapes are worked out one axis at a time, so every rank shares the checks and the rules;
 * only the choice of backend kernel depends on it.
 */
final class ConvOps {
    private ConvOps() {}

    static Tensor conv(Tensor x, Tensor w, Tensor bias, SpatialConvParams p) {
        String op = "conv" + p.spatialRank() + "d";
        checkOperands(op, x, w, p.spatialRank());
        int c = x.size(1), o = w.size(0);
        if (c != w.size(1) * p.groups() || o % p.groups() != 0) {
            throw new ShapeMismatchException(op + ": input " + x.describe() + " has " + c + " channels but weight "
                    + w.describe() + " with groups=" + p.groups() + " expects " + w.size(1) * p.groups()
                    + (o % p.groups() != 0 ? " (and out channels must divide by groups)" : ""));
        }
        checkBias(op, bias, o, w);
        int[] inShape = x.dims();
        int[] outShape = new int[x.rank()];
        outShape[0] = x.size(0);
        outShape[1] = o;
        for (int a = 0; a < p.spatialRank(); a++) {
            outShape[a + 2] = p.convOut(a, x.size(a + 2), w.size(a + 2));
            if (outShape[a + 2] <= 0) {
                throw new ShapeMismatchException(op + ": input " + x.describe() + " is smaller than the dilated kernel " + w.describe());
            }
        }
        boolean channelsLast = runsChannelsLast(x, w, p, false);
        Tensor xc = ChannelsLast.contiguous(x, channelsLast), wc = w.contiguous();
        Tensor out = Tensor.uninitialized(outShape, x.dtype(), x.device(), channelsLast);
        forwardKernel(x.backend(), xc.view(), wc.view(), out.view(), p);
        out = GradFn.record(op, out, new Tensor[] {x, w}, new Tensor[] {xc, wc}, (g, needs) -> {
            Tensor gc = ChannelsLast.contiguous(g, channelsLast);
            Tensor gx = null, gw = null;
            if (needs[0]) {
                // the output padding gives back the positions the stride dropped at the far end
                int[] outputPadding = new int[p.spatialRank()];
                for (int a = 0; a < outputPadding.length; a++) {
                    outputPadding[a] = inShape[a + 2] - ConvParams.convTransposeOut(outShape[a + 2], wc.size(a + 2),
                            p.stride(a), p.padding(a), p.dilation(a), 0);
                }
                gx = convTranspose(gc, wc, null, p.withOutputPadding(outputPadding));
            }
            if (needs[1]) {
                gw = weightGrad(xc, gc, wc.dims(), p);
            }
            return new Tensor[] {gx, gw};
        });
        return bias == null ? out : out.add(bias.reshape(channelShape(out.rank(), o)));
    }

    static Tensor convTranspose(Tensor x, Tensor w, Tensor bias, SpatialConvParams p) {
        String op = "conv_transpose" + p.spatialRank() + "d";
        checkOperands(op, x, w, p.spatialRank());
        int c = x.size(1);
        int o = w.size(1) * p.groups();
        if (c != w.size(0) || c % p.groups() != 0) {
            throw new ShapeMismatchException(op + ": input " + x.describe() + " has " + c
                    + " channels but weight " + w.describe() + " expects " + w.size(0));
        }
        for (int a = 0; a < p.spatialRank(); a++) {
            if (p.outputPadding(a) >= Math.max(p.stride(a), p.dilation(a))) {
                throw new IllegalArgumentException(op + ": output padding must be smaller than either stride or dilation: " + p);
            }
        }
        checkBias(op, bias, o, w);
        int[] outShape = new int[x.rank()];
        outShape[0] = x.size(0);
        outShape[1] = o;
        for (int a = 0; a < p.spatialRank(); a++) {
            outShape[a + 2] = p.convTransposeOut(a, x.size(a + 2), w.size(a + 2));
        }
        if (Arrays.stream(outShape, 2, outShape.length).anyMatch(s -> s <= 0)) {
            throw new ShapeMismatchException(op + ": output size " + Arrays.stream(outShape, 2, outShape.length)
                    .mapToObj(Integer::toString).collect(Collectors.joining("x")) + " is not positive for input " + x.describe());
        }
        if (ChannelsLast.suggested(x) && isPixelShuffle(w, p)) {
            Tensor out = pixelShuffleMatmul(x, w);
            return bias == null ? out : out.add(bias.reshape(channelShape(out.rank(), o)));
        }
        boolean channelsLast = runsChannelsLast(x, w, p, true);
        Tensor xc = ChannelsLast.contiguous(x, channelsLast), wc = w.contiguous();
        Tensor out = Tensor.uninitialized(outShape, x.dtype(), x.device(), channelsLast);
        transposeKernel(x.backend(), xc.view(), wc.view(), out.view(), p);
        out = GradFn.record(op, out, new Tensor[] {x, w}, new Tensor[] {xc, wc}, (g, needs) -> {
            Tensor gc = ChannelsLast.contiguous(g, channelsLast);
            // With an output padding of at least the stride (allowed below the dilation), convolving
            // g reaches past x's last position: the input gradient drops those positions, and the
            // weight gradient sees x padded with zeros to that size, which add nothing.
            int[] pad = new int[2 * p.spatialRank()];
            for (int a = 0; a < p.spatialRank(); a++) {
                pad[2 * (p.spatialRank() - 1 - a) + 1] = p.convOut(a, g.size(a + 2), w.size(a + 2)) - x.size(a + 2);
            }
            boolean overhang = Arrays.stream(pad).anyMatch(v -> v > 0);
            Tensor gx = null;
            if (needs[0]) {
                gx = conv(gc, wc, null, p.withOutputPadding(new int[p.spatialRank()]));
                for (int a = 0; overhang && a < p.spatialRank(); a++) {
                    gx = gx.narrow(a + 2, 0, x.size(a + 2));
                }
            }
            Tensor xPadded = overhang ? Ops.pad(xc, pad, PadMode.CONSTANT, 0).contiguous() : xc;
            return new Tensor[] {gx, needs[1] ? weightGrad(gc, xPadded, wc.dims(), p) : null};
        });
        return bias == null ? out : out.add(bias.reshape(channelShape(out.rank(), o)));
    }

    /**
     * Whether a 2-D transposed convolution's windows tile its output without overlap or gaps (kernel
     * = stride, no padding or dilation, one group: the U-Net's 2×2 upsampling): each input pixel
     * then writes its own kh×kw block of output pixels, C → O channels each.
     */
    private static boolean isPixelShuffle(Tensor w, SpatialConvParams p) {
        return p instanceof ConvParams c && c.groups() == 1 && w.size(2) == c.strideH() && w.size(3) == c.strideW()
                && c.padH() == 0 && c.padW() == 0 && c.dilationH() == 1 && c.dilationW() == 1
                && c.outputPaddingH() == 0 && c.outputPaddingW() == 0;
    }

    /**
     * A channels-last transposed convolution that {@link #isPixelShuffle} as one matrix product,
     * [N·H·W, C] × [C, kh·kw·O] (each input pixel's kh×kw block of output pixels), whose rows are
     * then moved into place; the result is channels-last, both directions of the product are GEMMs,
     * and autograd composes the gradient. (Row-major maps keep the transposed-convolution kernel: the
     * same product on them, its blocks moved along the positions, took two and a half times as long.)
     */
    private static Tensor pixelShuffleMatmul(Tensor x, Tensor w) {
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int o = w.size(1), kh = w.size(2), kw = w.size(3);
        // [N·H·W, C] × [C, (ky, kx, O)] → [N, H, ky, W, kx, O] = the output in memory order
        Tensor blocks = ChannelsLast.toMemoryOrder(x).reshape(n * h * wd, c)
                .matmul(w.permute(0, 2, 3, 1).reshape(c, kh * kw * o));
        Tensor nhwc = blocks.reshape(n, h, wd, kh, kw, o).permute(0, 1, 3, 2, 4, 5).contiguous()
                .reshape(n, h * kh, wd * kw, o);
        return ChannelsLast.fromMemoryOrder(nhwc);
    }

    /**
     * Whether the op runs channels-last: its input suggests it ({@link ChannelsLast#suggested}) and
     * the backend has kernels for it; the output, and in backward the gradients, follow.
     */
    private static boolean runsChannelsLast(Tensor x, Tensor w, SpatialConvParams p, boolean transposed) {
        return p instanceof ConvParams p2 && ChannelsLast.suggested(x)
                && x.backend().convolvesChannelsLast(x.dtype(), w.dims(), p2, transposed);
    }

    /** The weight gradient of conv(x) given the output gradient: differentiable in neither (first-order only). */
    private static Tensor weightGrad(Tensor x, Tensor gradOut, int[] weightShape, SpatialConvParams p) {
        Tensor gw = Tensor.empty(weightShape, x.dtype(), x.device());
        Backend b = x.backend();
        switch (p) {
            case ConvParams p2 -> b.conv2dWeightGrad(x.view(), gradOut.view(), gw.view(), p2);
            case Conv3dParams p3 -> b.conv3dWeightGrad(x.view(), gradOut.view(), gw.view(), p3);
        }
        return gw;
    }

    private static void forwardKernel(Backend b, View x, View w, View out, SpatialConvParams p) {
        switch (p) {
            case ConvParams p2 -> b.conv2d(x, w, out, p2);
            case Conv3dParams p3 -> b.conv3d(x, w, out, p3);
        }
    }

    private static void transposeKernel(Backend b, View x, View w, View out, SpatialConvParams p) {
        switch (p) {
            case ConvParams p2 -> b.convTranspose2d(x, w, out, p2);
            case Conv3dParams p3 -> b.convTranspose3d(x, w, out, p3);
        }
    }

    /** [1, channels, 1, ...] of the given rank: the shape a bias broadcasts from. */
    private static int[] channelShape(int rank, int channels) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = channels;
        return shape;
    }

    private static void checkOperands(String op, Tensor x, Tensor w, int spatialRank) {
        int rank = spatialRank + 2;
        if (x.rank() != rank || w.rank() != rank) {
            throw new ShapeMismatchException(op + ": expects a " + rank + "-D input " + (spatialRank == 3 ? "[N, C, D, H, W]" : "[N, C, H, W]")
                    + " and a " + rank + "-D weight, got input " + x.describe() + " and weight " + w.describe());
        }
        Ops.checkSameDtype(op, x, w);
        Ops.checkSameDevice(op, x, w);
    }

    private static void checkBias(String op, Tensor bias, int outChannels, Tensor w) {
        if (bias == null) {
            return;
        }
        if (bias.rank() != 1 || bias.size(0) != outChannels) {
            throw new ShapeMismatchException(op + ": bias " + bias.describe() + " does not match the "
                    + outChannels + " output channels of weight " + w.describe());
        }
        Ops.checkSameDtype(op, w, bias);
    }
}
