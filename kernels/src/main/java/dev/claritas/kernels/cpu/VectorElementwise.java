package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.BinaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API loops for the hottest float32 elementwise ops; loaded only when {@link Vectorization#ENABLED}. */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorElementwise() {}

    static boolean supports(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
    }

    /** {@code d = a op b} over {@code len} elements; {@code b} is one broadcast value when {@code bScalar}. */
    static void binary(BinaryOp op, float[] a, int ai, float[] b, int bi, boolean bScalar, float[] d, int di, int len) {
        VectorOperators.Binary vop = switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            default -> throw new IllegalArgumentException(op.toString());
        };
        int j = 0;
        int bound = S.loopBound(len);
        FloatVector bv = bScalar ? FloatVector.broadcast(S, b[bi]) : null;
        for (; j < bound; j += S.length()) {
            FloatVector av = FloatVector.fromArray(S, a, ai + j);
            FloatVector rhs = bScalar ? bv : FloatVector.fromArray(S, b, bi + j);
            av.lanewise(vop, rhs).intoArray(d, di + j);
        }
        for (; j < len; j++) {
            float x = a[ai + j], y = bScalar ? b[bi] : b[bi + j];
            d[di + j] = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                default -> x / y;
            };
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
}
