package dev.claritas.tensor;

import dev.claritas.tensor.spi.BinaryOp;
import dev.claritas.tensor.spi.UnaryOp;

/** Elementwise ops with broadcasting, each with its backward rule. */
final class ElementwiseOps {
    private ElementwiseOps() {}

    // ---- binary ------------------------------------------------------------------------------

    /**
     * Runs a binary kernel on the broadcast of {@code a} and {@code b}. The output is channels-last
     * when an operand of its shape is ({@link ChannelsLast#suggested}); the kernel then sees every
     * operand permuted to that memory order, where the output is contiguous as kernels expect.
     */
    private static Tensor binaryForward(String name, BinaryOp op, Tensor a, Tensor b) {
        Ops.checkSameDtype(name, a, b);
        Ops.checkSameDevice(name, a, b);
        int[] shape = Shape.broadcast(name, a.dims(), b.dims());
        boolean channelsLast = ChannelsLast.suggested(shape, a, b);
        Tensor out = Tensor.uninitialized(shape, op.isComparison() ? DType.BOOL : a.dtype(), a.device(), channelsLast);
        a.backend().binary(op, ChannelsLast.kernelView(a.expand(shape).view(), channelsLast),
                ChannelsLast.kernelView(b.expand(shape).view(), channelsLast), ChannelsLast.kernelView(out.view(), channelsLast));
        return out;
    }

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = binaryForward("add", BinaryOp.ADD, a, b);
        int[] as = a.dims(), bs = b.dims();
        return GradFn.record("add", out, new Tensor[] {a, b}, (g, needs) -> new Tensor[] {
            needs[0] ? ViewOps.sumToShape(g, as) : null,
            needs[1] ? ViewOps.sumToShape(g, bs) : null});
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binaryForward("sub", BinaryOp.SUB, a, b);
        int[] as = a.dims(), bs = b.dims();
        return GradFn.record("sub", out, new Tensor[] {a, b}, (g, needs) -> new Tensor[] {
            needs[0] ? ViewOps.sumToShape(g, as) : null,
            needs[1] ? ViewOps.sumToShape(g.neg(), bs) : null});
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binaryForward("mul", BinaryOp.MUL, a, b);
        return GradFn.record("mul", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (g, needs) -> new Tensor[] {
            needs[0] ? ViewOps.sumToShape(g.mul(b), a.dims()) : null,
            needs[1] ? ViewOps.sumToShape(g.mul(a), b.dims()) : null});
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = binaryForward("div", BinaryOp.DIV, a, b);
        return GradFn.record("div", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (g, needs) -> new Tensor[] {
            needs[0] ? ViewOps.sumToShape(g.div(b), a.dims()) : null,
            needs[1] ? ViewOps.sumToShape(g.mul(a).div(b.mul(b)).neg(), b.dims()) : null});
    }

    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = binaryForward("pow", BinaryOp.POW, a, b);
        return GradFn.record("pow", out, new Tensor[] {a, b}, new Tensor[] {a, b, out}, (g, needs) -> new Tensor[] {
            needs[0] ? ViewOps.sumToShape(g.mul(b).mul(a.pow(b.sub(1))), a.dims()) : null,
            needs[1] ? ViewOps.sumToShape(g.mul(out).mul(a.log()), b.dims()) : null});
    }

    static Tensor maximum(Tensor a, Tensor b) {
        return extremum("maximum", BinaryOp.MAXIMUM, a, b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        return extremum("minimum", BinaryOp.MINIMUM, a, b);
    }

    /** maximum/minimum: the gradient goes to the chosen operand, split evenly on ties (as PyTorch does). */
    private static Tensor extremum(String name, BinaryOp op, Tensor a, Tensor b) {
        Tensor out = binaryForward(name, op, a, b);
        return GradFn.record(name, out, new Tensor[] {a, b}, new Tensor[] {a, b}, (g, needs) -> {
            Tensor aWins = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
            Tensor tie = a.eq(b);
            Tensor half = g.mul(0.5);
            Tensor zero = g.scalarLike(0);
            Tensor ga = Ops.where(aWins, g, Ops.where(tie, half, zero));
            Tensor gb = Ops.where(aWins, zero, Ops.where(tie, half, g));
            return new Tensor[] {
                needs[0] ? ViewOps.sumToShape(ga, a.dims()) : null,
                needs[1] ? ViewOps.sumToShape(gb, b.dims()) : null};
        });
    }

    static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        return binaryForward(op.name().toLowerCase(java.util.Locale.ROOT), op, a, b);
    }

    static Tensor where(Tensor cond, Tensor x, Tensor y) {
        if (cond.dtype() != DType.BOOL) {
            throw new ShapeMismatchException("where: the condition must be bool, got " + cond.describe());
        }
        Ops.checkSameDtype("where", x, y);
        Ops.checkSameDevice("where", x, y);
        Ops.checkSameDevice("where", cond, x);
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.dims(), x.dims()), y.dims());
        boolean channelsLast = ChannelsLast.suggested(shape, cond, x, y);
        Tensor out = Tensor.uninitialized(shape, x.dtype(), x.device(), channelsLast);
        x.backend().where(ChannelsLast.kernelView(cond.expand(shape).view(), channelsLast),
                ChannelsLast.kernelView(x.expand(shape).view(), channelsLast),
                ChannelsLast.kernelView(y.expand(shape).view(), channelsLast), ChannelsLast.kernelView(out.view(), channelsLast));
        return GradFn.record("where", out, new Tensor[] {x, y}, new Tensor[] {cond}, (g, needs) -> {
            Tensor zero = g.scalarLike(0);
            return new Tensor[] {
                needs[0] ? ViewOps.sumToShape(where(cond, g, zero), x.dims()) : null,
                needs[1] ? ViewOps.sumToShape(where(cond, zero, g), y.dims()) : null};
        });
    }

    // ---- unary -------------------------------------------------------------------------------

    /** Runs a unary kernel; the output keeps a channels-last input's layout. */
    static Tensor unaryForward(UnaryOp op, Tensor x, double a, double b) {
        boolean channelsLast = ChannelsLast.suggested(x);
        Tensor out = Tensor.uninitialized(x.dims(), x.dtype(), x.device(), channelsLast);
        x.backend().unary(op, ChannelsLast.kernelView(x.view(), channelsLast), ChannelsLast.kernelView(out.view(), channelsLast), a, b);
        return out;
    }

    /** A unary op whose gradient is {@code g * derivative}, the derivative computed from x and the output. */
    private static Tensor unary(String name, UnaryOp op, Tensor x, double a, double b, Derivative derivative) {
        requireFloat(name, x);
        Tensor out = unaryForward(op, x, a, b);
        return GradFn.record(name, out, new Tensor[] {x}, new Tensor[] {x, out},
                (g, needs) -> new Tensor[] {g.mul(derivative.of(x, out))});
    }

    @FunctionalInterface
    private interface Derivative {
        Tensor of(Tensor x, Tensor out);
    }

    private static void requireFloat(String name, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expects a floating-point tensor, got " + x.describe());
        }
    }

    static Tensor neg(Tensor x) {
        Tensor out = unaryForward(UnaryOp.NEG, x, 0, 0);
        return GradFn.record("neg", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {g.neg()});
    }

    static Tensor abs(Tensor x) {
        return unary("abs", UnaryOp.ABS, x, 0, 0, (in, out) -> unaryForward(UnaryOp.SIGN, in, 0, 0));
    }

    static Tensor exp(Tensor x) {
        return unary("exp", UnaryOp.EXP, x, 0, 0, (in, out) -> out);
    }

    static Tensor log(Tensor x) {
        requireFloat("log", x);
        Tensor out = unaryForward(UnaryOp.LOG, x, 0, 0);
        return GradFn.record("log", out, new Tensor[] {x}, new Tensor[] {x}, (g, needs) -> new Tensor[] {g.div(x)});
    }

    static Tensor sqrt(Tensor x) {
        requireFloat("sqrt", x);
        Tensor out = unaryForward(UnaryOp.SQRT, x, 0, 0);
        return GradFn.record("sqrt", out, new Tensor[] {x}, new Tensor[] {out}, (g, needs) -> new Tensor[] {g.div(out.mul(2))});
    }

    static Tensor rsqrt(Tensor x) {
        return unary("rsqrt", UnaryOp.RSQRT, x, 0, 0, (in, out) -> out.mul(out).mul(out).mul(-0.5));
    }

    static Tensor sin(Tensor x) {
        return unary("sin", UnaryOp.SIN, x, 0, 0, (in, out) -> in.cos());
    }

    static Tensor cos(Tensor x) {
        return unary("cos", UnaryOp.COS, x, 0, 0, (in, out) -> in.sin().neg());
    }

    static Tensor tanh(Tensor x) {
        return unary("tanh", UnaryOp.TANH, x, 0, 0, (in, out) -> out.mul(out).neg().add(1));
    }

    static Tensor sigmoid(Tensor x) {
        return unary("sigmoid", UnaryOp.SIGMOID, x, 0, 0, (in, out) -> out.mul(out.neg().add(1)));
    }

    /**
     * ReLU; its gradient passes g where the output is positive (or NaN) and is 0 elsewhere, PyTorch's
     * threshold_backward, as one kernel rather than a comparison and a selection.
     */
    static Tensor relu(Tensor x) {
        requireFloat("relu", x);
        Tensor out = unaryForward(UnaryOp.RELU, x, 0, 0);
        return GradFn.record("relu", out, new Tensor[] {x}, new Tensor[] {out},
                (g, needs) -> new Tensor[] {binaryForward("relu_backward", BinaryOp.RELU_BACKWARD, g, out)});
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        return unary("leaky_relu", UnaryOp.LEAKY_RELU, x, slope, 0,
                (in, out) -> where(in.gt(0), in.scalarLike(1), in.scalarLike(slope)));
    }

    static Tensor gelu(Tensor x) {
        return unary("gelu", UnaryOp.GELU, x, 0, 0, (in, out) -> unaryForward(UnaryOp.GELU_GRAD, in, 0, 0));
    }

    static Tensor powScalar(Tensor x, double p) {
        if (p == 1) {
            return x;
        }
        return unary("pow", UnaryOp.POW, x, p, 0, (in, out) -> in.pow(p - 1).mul(p));
    }

    static Tensor clamp(Tensor x, double min, double max) {
        return unary("clamp", UnaryOp.CLAMP, x, min, max, (in, out) -> {
            Tensor inside = in.onesLike();
            if (!Double.isNaN(min)) {
                inside = inside.mul(in.ge(in.scalarLike(min)).to(in.dtype()));
            }
            if (!Double.isNaN(max)) {
                inside = inside.mul(in.le(in.scalarLike(max)).to(in.dtype()));
            }
            return inside;
        });
    }
}
