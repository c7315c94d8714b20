package dev.claritas.tensor;

import dev.claritas.tensor.spi.ConvParams;

/**
 * 2-D convolution and transposed convolution. Each is the other's adjoint, so the input gradient of
 * one is the forward of the other, and both weight gradients are the same weight-gradient kernel
 * with the roles of input and output gradient swapped.
 */
final class ConvOps {
    private ConvOps() {}

    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, ConvParams p) {
        checkOperands("conv2d", x, w);
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int o = w.size(0), kh = w.size(2), kw = w.size(3);
        if (c != w.size(1) * p.groups() || o % p.groups() != 0) {
            throw new ShapeMismatchException("conv2d: input " + x.describe() + " has " + c + " channels but weight "
                    + w.describe() + " with groups=" + p.groups() + " expects " + w.size(1) * p.groups()
                    + (o % p.groups() != 0 ? " (and out channels must divide by groups)" : ""));
        }
        checkBias("conv2d", bias, o, w);
        int ho = ConvParams.convOut(h, kh, p.strideH(), p.padH(), p.dilationH());
        int wo = ConvParams.convOut(wd, kw, p.strideW(), p.padW(), p.dilationW());
        if (ho <= 0 || wo <= 0) {
            throw new ShapeMismatchException("conv2d: input " + x.describe() + " is smaller than the dilated kernel " + w.describe());
        }
        Tensor xc = x.contiguous(), wc = w.contiguous();
        Tensor out = Tensor.empty(new int[] {n, o, ho, wo}, x.dtype(), x.device());
        x.backend().conv2d(xc.view(), wc.view(), out.view(), p);
        out = GradFn.record("conv2d", out, new Tensor[] {x, w}, new Tensor[] {xc, wc}, (g, needs) -> {
            Tensor gc = g.contiguous();
            Tensor gx = null, gw = null;
            if (needs[0]) {
                int oph = h - ConvParams.convTransposeOut(ho, kh, p.strideH(), p.padH(), p.dilationH(), 0);
                int opw = wd - ConvParams.convTransposeOut(wo, kw, p.strideW(), p.padW(), p.dilationW(), 0);
                gx = convTranspose2d(gc, wc, null, withOutputPadding(p, oph, opw));
            }
            if (needs[1]) {
                gw = weightGrad(xc, gc, w.dims(), p);
            }
            return new Tensor[] {gx, gw};
        });
        return bias == null ? out : out.add(bias.reshape(1, o, 1, 1));
    }

    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, ConvParams p) {
        checkOperands("conv_transpose2d", x, w);
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int kh = w.size(2), kw = w.size(3);
        int o = w.size(1) * p.groups();
        if (c != w.size(0) || c % p.groups() != 0) {
            throw new ShapeMismatchException("conv_transpose2d: input " + x.describe() + " has " + c
                    + " channels but weight " + w.describe() + " expects " + w.size(0));
        }
        if (p.outputPaddingH() >= Math.max(p.strideH(), p.dilationH()) || p.outputPaddingW() >= Math.max(p.strideW(), p.dilationW())) {
            throw new IllegalArgumentException("conv_transpose2d: output padding must be smaller than either stride or dilation: " + p);
        }
        checkBias("conv_transpose2d", bias, o, w);
        int ho = ConvParams.convTransposeOut(h, kh, p.strideH(), p.padH(), p.dilationH(), p.outputPaddingH());
        int wo = ConvParams.convTransposeOut(wd, kw, p.strideW(), p.padW(), p.dilationW(), p.outputPaddingW());
        if (ho <= 0 || wo <= 0) {
            throw new ShapeMismatchException("conv_transpose2d: output size " + ho + "x" + wo + " is not positive for input " + x.describe());
        }
        Tensor xc = x.contiguous(), wc = w.contiguous();
        Tensor out = Tensor.empty(new int[] {n, o, ho, wo}, x.dtype(), x.device());
        x.backend().convTranspose2d(xc.view(), wc.view(), out.view(), p);
        out = GradFn.record("conv_transpose2d", out, new Tensor[] {x, w}, new Tensor[] {xc, wc}, (g, needs) -> {
            Tensor gc = g.contiguous();
            return new Tensor[] {
                needs[0] ? conv2d(gc, wc, null, withOutputPadding(p, 0, 0)) : null,
                needs[1] ? weightGrad(gc, xc, w.dims(), p) : null};
        });
        return bias == null ? out : out.add(bias.reshape(1, o, 1, 1));
    }

    /** The weight gradient of conv2d(x) given the output gradient: differentiable in neither (first-order only). */
    private static Tensor weightGrad(Tensor x, Tensor gradOut, int[] weightShape, ConvParams p) {
        Tensor gw = Tensor.empty(weightShape, x.dtype(), x.device());
        x.backend().conv2dWeightGrad(x.view(), gradOut.view(), gw.view(), p);
        return gw;
    }

    private static ConvParams withOutputPadding(ConvParams p, int oph, int opw) {
        return new ConvParams(p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups(), oph, opw);
    }

    private static void checkOperands(String op, Tensor x, Tensor w) {
        if (x.rank() != 4 || w.rank() != 4) {
            throw new ShapeMismatchException(op + ": expects a 4-D input [N, C, H, W] and a 4-D weight, got input "
                    + x.describe() + " and weight " + w.describe());
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
