package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.BinaryOp;
import dev.claritas.tensor.spi.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API loops for the hottest float32 elementwise ops; loaded only when {@link Vectorization#ENABLED}. */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorElementwise() {}

    static boolean supports(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV
                || op == BinaryOp.RELU_BACKWARD;
    }

    /**
     * {@code d = a op b} over {@code len} elements; {@code b} is one broadcast value when {@code bScalar}.
     *
     * <p>Each operator has its own loop with the operator fixed in the code ({@code av.add(bv)}):
     * {@code lanewise(op, ...)} with an operator chosen at run time is not intrinsified by C2 and
     * falls back to the Vector API's slow Java implementation. The scalar path computes {@code x op
     * y} in double and rounds to float; for float operands that equals the correctly rounded float
     * op (double has more than 2·24 + 2 bits), so these loops give bitwise the scalar results.
     * {@link BinaryOp#RELU_BACKWARD} selects g or 0, exact on both paths.
     */
    static void binary(BinaryOp op, float[] a, int ai, float[] b, int bi, boolean bScalar, float[] d, int di, int len) {
        if (bScalar) {
            float y = b[bi];
            switch (op) {
                case ADD -> addScalar(a, ai, y, d, di, len);
                case SUB -> subScalar(a, ai, y, d, di, len);
                case MUL -> mulScalar(a, ai, y, d, di, len);
                case DIV -> divScalar(a, ai, y, d, di, len);
                case RELU_BACKWARD -> reluBackwardScalar(a, ai, y, d, di, len);
                default -> throw new IllegalArgumentException(op.toString());
            }
            return;
        }
        switch (op) {
            case ADD -> add(a, ai, b, bi, d, di, len);
            case SUB -> sub(a, ai, b, bi, d, di, len);
            case MUL -> mul(a, ai, b, bi, d, di, len);
            case DIV -> div(a, ai, b, bi, d, di, len);
            case RELU_BACKWARD -> reluBackward(a, ai, b, bi, d, di, len);
            default -> throw new IllegalArgumentException(op.toString());
        }
    }

    /**
     * {@code d = a > b} over {@code len} elements; {@code b} is one broadcast value when {@code bScalar}.
     * The comparison that leaky relu's derivative makes of every activation (and maximum's of every pair).
     */
    static void greater(float[] a, int ai, float[] b, int bi, boolean bScalar, boolean[] d, int di, int len) {
        int j = 0;
        if (bScalar) {
            float y = b[bi];
            for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                FloatVector.fromArray(S, a, ai + j).compare(VectorOperators.GT, y).intoArray(d, di + j);
            }
            for (; j < len; j++) {
                d[di + j] = a[ai + j] > y;
            }
            return;
        }
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).compare(VectorOperators.GT, FloatVector.fromArray(S, b, bi + j))
                    .intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] > b[bi + j];
        }
    }

    private static void add(float[] a, int ai, float[] b, int bi, float[] d, int di, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).add(FloatVector.fromArray(S, b, bi + j)).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] + b[bi + j];
        }
    }

    private static void sub(float[] a, int ai, float[] b, int bi, float[] d, int di, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).sub(FloatVector.fromArray(S, b, bi + j)).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] - b[bi + j];
        }
    }

    private static void mul(float[] a, int ai, float[] b, int bi, float[] d, int di, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).mul(FloatVector.fromArray(S, b, bi + j)).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] * b[bi + j];
        }
    }

    private static void div(float[] a, int ai, float[] b, int bi, float[] d, int di, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).div(FloatVector.fromArray(S, b, bi + j)).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] / b[bi + j];
        }
    }

    /** {@code d = out <= 0 ? 0 : g}: a selection, so exactly the scalar path's result (NaN outputs pass g). */
    private static void reluBackward(float[] g, int gi, float[] out, int oi, float[] d, int di, int len) {
        FloatVector zero = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, g, gi + j).blend(zero, FloatVector.fromArray(S, out, oi + j).compare(VectorOperators.LE, 0f))
                    .intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = out[oi + j] <= 0 ? 0 : g[gi + j];
        }
    }

    /** ReLU's gradient with one broadcast output value: all of g or all zeros. */
    private static void reluBackwardScalar(float[] g, int gi, float out, float[] d, int di, int len) {
        if (out <= 0) {
            Arrays.fill(d, di, di + len, 0f);
        } else {
            System.arraycopy(g, gi, d, di, len);
        }
    }

    private static void addScalar(float[] a, int ai, float y, float[] d, int di, int len) {
        FloatVector yv = FloatVector.broadcast(S, y);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).add(yv).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] + y;
        }
    }

    private static void subScalar(float[] a, int ai, float y, float[] d, int di, int len) {
        FloatVector yv = FloatVector.broadcast(S, y);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).sub(yv).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] - y;
        }
    }

    private static void mulScalar(float[] a, int ai, float y, float[] d, int di, int len) {
        FloatVector yv = FloatVector.broadcast(S, y);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).mul(yv).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] * y;
        }
    }

    /** Divides rather than multiplying by {@code 1/y}, which would round twice and differ from the scalar path. */
    private static void divScalar(float[] a, int ai, float y, float[] d, int di, int len) {
        FloatVector yv = FloatVector.broadcast(S, y);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, ai + j).div(yv).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = a[ai + j] / y;
        }
    }

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F_HALF = VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(D.vectorBitSize() / 2));

    /**
     * The sum of {@code len} floats, accumulated in double lanes (so as exact as the scalar double
     * sum, in a fixed order: lane-wise, then across lanes).
     */
    static double sum(float[] a, int off, int len) {
        DoubleVector acc = DoubleVector.zero(D);
        int j = 0;
        int bound = F_HALF.loopBound(len);
        for (; j < bound; j += F_HALF.length()) {
            acc = acc.add(FloatVector.fromArray(F_HALF, a, off + j).convertShape(VectorOperators.F2D, D, 0));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < len; j++) {
            s += a[off + j];
        }
        return s;
    }

    /** Whether {@link #unary} has a loop for {@code op}: the ops whose float result is exactly the scalar double one rounded. */
    static boolean supports(UnaryOp op) {
        return op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SQRT || op == UnaryOp.RELU;
    }

    /**
     * {@code d = op(s)} over {@code len} elements for the ops of {@link #supports(UnaryOp)}, one
     * loop per op for the same reason as in {@link #binary}. Negation and absolute value are exact
     * and float sqrt is correctly rounded, so the results equal the scalar path's bitwise.
     */
    static void unary(UnaryOp op, float[] s, int si, float[] d, int di, int len) {
        switch (op) {
            case NEG -> neg(s, si, d, di, len);
            case ABS -> abs(s, si, d, di, len);
            case SQRT -> sqrt(s, si, d, di, len);
            case RELU -> relu(s, si, d, di, len);
            default -> throw new IllegalArgumentException(op.toString());
        }
    }

    private static void neg(float[] s, int si, float[] d, int di, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, s, si + j).neg().intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = -s[si + j];
        }
    }

    private static void abs(float[] s, int si, float[] d, int di, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, s, si + j).abs().intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = Math.abs(s[si + j]);
        }
    }

    private static void sqrt(float[] s, int si, float[] d, int di, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector.fromArray(S, s, si + j).sqrt().intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = (float) Math.sqrt(s[si + j]);
        }
    }

    static void relu(float[] s, int si, float[] d, int di, int len) {
        int j = 0;
        int bound = S.loopBound(len);
        FloatVector zero = FloatVector.zero(S);
        for (; j < bound; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, s, si + j);
            // max would turn NaN into 0 on some paths; blend keeps NaN as PyTorch does
            v.blend(zero, v.compare(VectorOperators.LE, 0f)).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            float x = s[si + j];
            d[di + j] = x > 0 || Float.isNaN(x) ? x : 0;
        }
    }

    /**
     * Leaky ReLU in float arithmetic, {@code x > 0 ? x : x * slope} (NaN stays NaN), as PyTorch
     * and the GPU kernels compute it; the scalar tail is the scalar path's loop.
     */
    static void leakyRelu(float[] s, int si, float slope, float[] d, int di, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, s, si + j);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            float x = s[si + j];
            d[di + j] = x > 0 ? x : x * slope;
        }
    }

    /**
     * {@code d = c ? a : b} over {@code len} elements; {@code a} or {@code b} is one broadcast value
     * when its flag says so. A selection, so exactly the scalar path's result.
     */
    static void where(boolean[] c, int ci, float[] a, int ai, boolean aScalar, float[] b, int bi, boolean bScalar,
                      float[] d, int di, int len) {
        int j = 0;
        int bound = S.loopBound(len);
        FloatVector aFixed = aScalar && bound > 0 ? FloatVector.broadcast(S, a[ai]) : null;
        FloatVector bFixed = bScalar && bound > 0 ? FloatVector.broadcast(S, b[bi]) : null;
        for (; j < bound; j += S.length()) {
            FloatVector av = aScalar ? aFixed : FloatVector.fromArray(S, a, ai + j);
            FloatVector bv = bScalar ? bFixed : FloatVector.fromArray(S, b, bi + j);
            bv.blend(av, VectorMask.fromArray(S, c, ci + j)).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            d[di + j] = c[ci + j] ? a[aScalar ? ai : ai + j] : b[bScalar ? bi : bi + j];
        }
    }
}
