package dev.claritas.kernels.cpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.spi.BinaryOp;
import dev.claritas.tensor.spi.UnaryOp;
import dev.claritas.tensor.spi.View;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** Elementwise kernels over strided views: float32 loops on the arrays, a generic double path for the rest. */
final class CpuElementwise {
    private CpuElementwise() {}

    static void copy(View src, View dst) {
        StridedLoop loop = new StridedLoop(dst, src);
        int ds = loop.rowStride(0), ss = loop.rowStride(1);
        Object d = Buffers.array(dst), s = Buffers.array(src);
        if (d.getClass() == s.getClass() && ds == 1 && ss == 1) {
            loop.forEachRow(1, (off, len) -> System.arraycopy(s, off[1], d, off[0], len));
            return;
        }
        if (d instanceof float[] df && s instanceof float[] sf) {
            loop.forEachRow(1, (off, len) -> {
                for (int j = 0, di = off[0], si = off[1]; j < len; j++, di += ds, si += ss) {
                    df[di] = sf[si];
                }
            });
            return;
        }
        if (d instanceof float[] df && s instanceof boolean[] sb) { // masks turned into factors, e.g. clamp's derivative
            loop.forEachRow(1, (off, len) -> {
                for (int j = 0, di = off[0], si = off[1]; j < len; j++, di += ds, si += ss) {
                    df[di] = sb[si] ? 1f : 0f;
                }
            });
            return;
        }
        if (d instanceof long[] dl && s instanceof long[] sl) { // exact for indices beyond 2^53
            loop.forEachRow(1, (off, len) -> {
                for (int j = 0, di = off[0], si = off[1]; j < len; j++, di += ds, si += ss) {
                    dl[di] = sl[si];
                }
            });
            return;
        }
        loop.forEachRow(2, (off, len) -> {
            for (int j = 0, di = off[0], si = off[1]; j < len; j++, di += ds, si += ss) {
                Buffers.set(d, di, Buffers.get(s, si));
            }
        });
    }

    static void fill(View dst, double value) {
        StridedLoop loop = new StridedLoop(dst);
        int ds = loop.rowStride(0);
        Object d = Buffers.array(dst);
        loop.forEachRow(1, (off, len) -> {
            for (int j = 0, di = off[0]; j < len; j++, di += ds) {
                Buffers.set(d, di, value);
            }
        });
    }

    static void unary(UnaryOp op, View src, View dst, double a, double b) {
        DoubleUnaryOperator f = ScalarFunctions.unary(op, a, b);
        StridedLoop loop = new StridedLoop(dst, src);
        int ds = loop.rowStride(0), ss = loop.rowStride(1);
        if (src.dtype() == DType.FLOAT32) {
            float[] d = Buffers.floats(dst), s = Buffers.floats(src);
            if (op == UnaryOp.LEAKY_RELU) {
                leakyRelu(loop, s, ss, d, ds, (float) a);
                return;
            }
            if (Vectorization.ENABLED && ds == 1 && ss == 1 && VectorElementwise.supports(op)) {
                loop.forEachRow(1, (off, len) -> VectorElementwise.unary(op, s, off[1], d, off[0], len));
                return;
            }
            loop.forEachRow(8, (off, len) -> {
                for (int j = 0, di = off[0], si = off[1]; j < len; j++, di += ds, si += ss) {
                    d[di] = (float) f.applyAsDouble(s[si]);
                }
            });
            return;
        }
        Object d = Buffers.array(dst), s = Buffers.array(src);
        loop.forEachRow(8, (off, len) -> {
            for (int j = 0, di = off[0], si = off[1]; j < len; j++, di += ds, si += ss) {
                Buffers.set(d, di, f.applyAsDouble(Buffers.get(s, si)));
            }
        });
    }

    /** Leaky ReLU of float32 in float arithmetic (the slope rounded to float), as PyTorch and the GPU kernels. */
    private static void leakyRelu(StridedLoop loop, float[] s, int ss, float[] d, int ds, float slope) {
        if (Vectorization.ENABLED && ds == 1 && ss == 1) {
            loop.forEachRow(1, (off, len) -> VectorElementwise.leakyRelu(s, off[1], slope, d, off[0], len));
            return;
        }
        loop.forEachRow(1, (off, len) -> {
            for (int j = 0, di = off[0], si = off[1]; j < len; j++, di += ds, si += ss) {
                float x = s[si];
                d[di] = x > 0 ? x : x * slope;
            }
        });
    }

    static void binary(BinaryOp op, View x, View y, View dst) {
        DoubleBinaryOperator f = ScalarFunctions.binary(op);
        StridedLoop loop = new StridedLoop(dst, x, y);
        int ds = loop.rowStride(0), xs = loop.rowStride(1), ys = loop.rowStride(2);
        if (dst.dtype() == DType.FLOAT32 && x.dtype() == DType.FLOAT32) {
            float[] d = Buffers.floats(dst), a = Buffers.floats(x), b = Buffers.floats(y);
            if (Vectorization.ENABLED && ds == 1 && xs == 1 && (ys == 1 || ys == 0) && VectorElementwise.supports(op)) {
                loop.forEachRow(1, (off, len) -> VectorElementwise.binary(op, a, off[1], b, off[2], ys == 0, d, off[0], len));
                return;
            }
            if (Vectorization.ENABLED && ds == 1 && xs == 0 && ys == 1 && (op == BinaryOp.ADD || op == BinaryOp.MUL)) {
                // scalar + row, scalar * row: float add and mul commute exactly, so run it as row op scalar
                loop.forEachRow(1, (off, len) -> VectorElementwise.binary(op, b, off[2], a, off[1], true, d, off[0], len));
                return;
            }
            loop.forEachRow(4, (off, len) -> {
                for (int j = 0, di = off[0], ai = off[1], bi = off[2]; j < len; j++, di += ds, ai += xs, bi += ys) {
                    d[di] = (float) f.applyAsDouble(a[ai], b[bi]);
                }
            });
            return;
        }
        if (op.isComparison() && x.dtype() == DType.FLOAT32) {
            boolean[] d = (boolean[]) Buffers.array(dst);
            float[] a = Buffers.floats(x), b = Buffers.floats(y);
            if (Vectorization.ENABLED && ds == 1 && xs == 1 && (ys == 1 || ys == 0) && op == BinaryOp.GT) {
                loop.forEachRow(1, (off, len) -> VectorElementwise.greater(a, off[1], b, off[2], ys == 0, d, off[0], len));
                return;
            }
            if (Vectorization.ENABLED && ds == 1 && xs == 1 && ys == 1 && op == BinaryOp.LT) {
                loop.forEachRow(1, (off, len) -> VectorElementwise.greater(b, off[2], a, off[1], false, d, off[0], len));
                return;
            }
            compareFloats(op, Buffers.floats(x), xs, Buffers.floats(y), ys, (boolean[]) Buffers.array(dst), ds, loop);
            return;
        }
        Object d = Buffers.array(dst), a = Buffers.array(x), b = Buffers.array(y);
        loop.forEachRow(8, (off, len) -> {
            for (int j = 0, di = off[0], ai = off[1], bi = off[2]; j < len; j++, di += ds, ai += xs, bi += ys) {
                Buffers.set(d, di, f.applyAsDouble(Buffers.get(a, ai), Buffers.get(b, bi)));
            }
        });
    }

    /**
     * Float32 comparisons into a bool mask (leaky relu's derivative compares every activation): one loop
     * per operator, since a per-element dispatch through the generic path costs several times the
     * comparison. Float comparisons equal the double ones of the generic path.
     */
    private static void compareFloats(BinaryOp op, float[] a, int xs, float[] b, int ys, boolean[] d, int ds, StridedLoop loop) {
        loop.forEachRow(1, (off, len) -> {
            int di = off[0], ai = off[1], bi = off[2];
            switch (op) {
                case EQ -> { for (int j = 0; j < len; j++, di += ds, ai += xs, bi += ys) d[di] = a[ai] == b[bi]; }
                case NE -> { for (int j = 0; j < len; j++, di += ds, ai += xs, bi += ys) d[di] = a[ai] != b[bi]; }
                case LT -> { for (int j = 0; j < len; j++, di += ds, ai += xs, bi += ys) d[di] = a[ai] < b[bi]; }
                case LE -> { for (int j = 0; j < len; j++, di += ds, ai += xs, bi += ys) d[di] = a[ai] <= b[bi]; }
                case GT -> { for (int j = 0; j < len; j++, di += ds, ai += xs, bi += ys) d[di] = a[ai] > b[bi]; }
                case GE -> { for (int j = 0; j < len; j++, di += ds, ai += xs, bi += ys) d[di] = a[ai] >= b[bi]; }
                default -> throw new IllegalArgumentException(op + " is not a comparison");
            }
        });
    }

    static void where(View cond, View x, View y, View dst) {
        StridedLoop loop = new StridedLoop(dst, cond, x, y);
        int ds = loop.rowStride(0), cs = loop.rowStride(1), xs = loop.rowStride(2), ys = loop.rowStride(3);
        boolean[] c = (boolean[]) Buffers.array(cond);
        Object d = Buffers.array(dst), a = Buffers.array(x), b = Buffers.array(y);
        if (d instanceof float[] df && a instanceof float[] af && b instanceof float[] bf) {
            if (Vectorization.ENABLED && ds == 1 && cs == 1 && (xs == 0 || xs == 1) && (ys == 0 || ys == 1)) {
                loop.forEachRow(1, (off, len) -> VectorElementwise.where(c, off[1], af, off[2], xs == 0, bf, off[3], ys == 0,
                        df, off[0], len));
                return;
            }
            loop.forEachRow(1, (off, len) -> {
                for (int j = 0, di = off[0], ci = off[1], ai = off[2], bi = off[3]; j < len;
                        j++, di += ds, ci += cs, ai += xs, bi += ys) {
                    df[di] = c[ci] ? af[ai] : bf[bi];
                }
            });
            return;
        }
        loop.forEachRow(4, (off, len) -> {
            for (int j = 0, di = off[0], ci = off[1], ai = off[2], bi = off[3]; j < len;
                    j++, di += ds, ci += cs, ai += xs, bi += ys) {
                Buffers.set(d, di, c[ci] ? Buffers.get(a, ai) : Buffers.get(b, bi));
            }
        });
    }
}
