package dev.claritas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.tensor.spi.BinaryOp;
import dev.claritas.tensor.spi.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API loops give bitwise the scalar path's {@code (float) f(double...)} results, for
 * vector bodies and scalar tails, with special values (NaN, ±0, ±∞, subnormals) mixed in.
 */
class VectorElementwiseTest {
    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, 1f, -1f};
    private static final int[] LENGTHS = {0, 1, 7, 15, 16, 17, 33, 64, 100};

    private static float[] values(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (float) random.nextGaussian() * 10;
        }
        return v;
    }

    @Test
    void binaryLoopsMatchTheScalarPathBitwise() {
        assumeTrue(Vectorization.ENABLED, "vector path disabled");
        Random random = new Random(3);
        for (BinaryOp op : BinaryOp.values()) {
            if (!VectorElementwise.supports(op)) {
                continue;
            }
            var f = ScalarFunctions.binary(op);
            for (int len : LENGTHS) {
                for (boolean bScalar : new boolean[] {false, true}) {
                    float[] a = values(random, len + 3), b = values(random, len + 6), d = new float[len + 2];
                    VectorElementwise.binary(op, a, 3, b, 5, bScalar, d, 2, len);
                    for (int j = 0; j < len; j++) {
                        float x = a[3 + j], y = bScalar ? b[5] : b[5 + j];
                        float expected = (float) f.applyAsDouble(x, y);
                        String what = op + " of " + x + " and " + y + " (length " + len + ", scalar " + bScalar + ")";
                        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(d[2 + j]), what);
                    }
                }
            }
        }
    }

    @Test
    void unaryLoopsMatchTheScalarPathBitwise() {
        assumeTrue(Vectorization.ENABLED, "vector path disabled");
        Random random = new Random(4);
        for (UnaryOp op : UnaryOp.values()) {
            if (!VectorElementwise.supports(op)) {
                continue;
            }
            var f = ScalarFunctions.unary(op, 0, 0);
            for (int len : LENGTHS) {
                float[] s = values(random, len + 1), d = new float[len];
                VectorElementwise.unary(op, s, 1, d, 0, len);
                for (int j = 0; j < len; j++) {
                    float x = s[1 + j];
                    float expected = (float) f.applyAsDouble(x);
                    // NaN results compare as NaN: their sign may differ (sqrt of a negative, say)
                    if (Float.isNaN(expected)) {
                        assertEquals(Float.NaN, d[j], () -> op + " of " + x);
                    } else {
                        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(d[j]), () -> op + " of " + x);
                    }
                }
            }
        }
    }

    @Test
    void leakyReluMultipliesInFloat() {
        assumeTrue(Vectorization.ENABLED, "vector path disabled");
        Random random = new Random(5);
        float slope = (float) 0.2;
        for (int len : LENGTHS) {
            float[] s = values(random, len + 1), d = new float[len];
            VectorElementwise.leakyRelu(s, 1, slope, d, 0, len);
            for (int j = 0; j < len; j++) {
                float x = s[1 + j];
                float expected = x > 0 ? x : x * slope;
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(d[j]), "leaky relu of " + x);
            }
        }
    }

    @Test
    void whereSelectsRowsOrBroadcastValues() {
        assumeTrue(Vectorization.ENABLED, "vector path disabled");
        Random random = new Random(6);
        for (int len : LENGTHS) {
            for (int scalars = 0; scalars < 4; scalars++) {
                boolean aScalar = (scalars & 1) != 0, bScalar = (scalars & 2) != 0;
                boolean[] c = new boolean[len + 4];
                for (int j = 0; j < c.length; j++) {
                    c[j] = random.nextBoolean();
                }
                float[] a = values(random, len + 2), b = values(random, len + 3), d = new float[len + 1];
                VectorElementwise.where(c, 3, a, 2, aScalar, b, 3, bScalar, d, 1, len);
                for (int j = 0; j < len; j++) {
                    float expected = c[3 + j] ? a[aScalar ? 2 : 2 + j] : b[bScalar ? 3 : 3 + j];
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(d[1 + j]),
                            "where at " + j + " (length " + len + ", scalars " + aScalar + "/" + bScalar + ")");
                }
            }
        }
    }

    @Test
    void greaterComparesLikeJavaIncludingNaNAndSignedZeros() {
        assumeTrue(Vectorization.ENABLED, "vector path disabled");
        Random random = new Random(7);
        float[] specials = {Float.NaN, 0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int len : LENGTHS) {
            for (boolean bScalar : new boolean[] {false, true}) {
                float[] a = new float[len + 2], b = new float[len + 2];
                for (int j = 0; j < a.length; j++) {
                    a[j] = specials[random.nextInt(specials.length)];
                }
                for (int j = 0; j < b.length; j++) {
                    b[j] = specials[random.nextInt(specials.length)];
                }
                boolean[] d = new boolean[len + 3];
                VectorElementwise.greater(a, 2, b, 1, bScalar, d, 3, len);
                for (int j = 0; j < len; j++) {
                    float x = a[2 + j], y = bScalar ? b[1] : b[1 + j];
                    assertEquals(x > y, d[3 + j], x + " > " + y + " at " + j + " (length " + len + ")");
                }
            }
        }
    }
}
