package dev.claritas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 × 16 block of floats transposed in vector registers (load only when
 * {@link Vectorization#ENABLED} and the preferred species has 16 lanes): four stages of two-vector
 * lane selections, each pairing rows 8, 4, 2 and 1 apart, written out so that the JIT keeps every
 * vector in a register.
 */
final class VectorTranspose {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Lanes of a vector, and rows and columns of the block. */
    static final int SIZE = 16;

    /** Stage pairing rows 8 apart: the first row's result (lanes of the pair's first row where bit 8 is clear), and the second's. */
    private static final FloatVector FIRST_8 = indices(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    private static final FloatVector SECOND_8 = indices(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
    /** Stage pairing rows 4 apart: the first row's result (lanes of the pair's first row where bit 4 is clear), and the second's. */
    private static final FloatVector FIRST_4 = indices(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
    private static final FloatVector SECOND_4 = indices(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
    /** Stage pairing rows 2 apart: the first row's result (lanes of the pair's first row where bit 2 is clear), and the second's. */
    private static final FloatVector FIRST_2 = indices(0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
    private static final FloatVector SECOND_2 = indices(2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
    /** Stage pairing rows 1 apart: the first row's result (lanes of the pair's first row where bit 1 is clear), and the second's. */
    private static final FloatVector FIRST_1 = indices(0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    private static final FloatVector SECOND_1 = indices(1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);

    private VectorTranspose() {}

    /**
     * {@code dst[dstBase + i*dstStride + r] = src[srcBase + r*srcStride + i]} for r, i in [0, 16):
     * sixteen rows of sixteen consecutive floats become sixteen columns.
     */
    static void block(float[] src, int srcBase, int srcStride, float[] dst, int dstBase, int dstStride) {
        FloatVector a0 = FloatVector.fromArray(SPECIES, src, srcBase + 0 * srcStride);
        FloatVector a1 = FloatVector.fromArray(SPECIES, src, srcBase + 1 * srcStride);
        FloatVector a2 = FloatVector.fromArray(SPECIES, src, srcBase + 2 * srcStride);
        FloatVector a3 = FloatVector.fromArray(SPECIES, src, srcBase + 3 * srcStride);
        FloatVector a4 = FloatVector.fromArray(SPECIES, src, srcBase + 4 * srcStride);
        FloatVector a5 = FloatVector.fromArray(SPECIES, src, srcBase + 5 * srcStride);
        FloatVector a6 = FloatVector.fromArray(SPECIES, src, srcBase + 6 * srcStride);
        FloatVector a7 = FloatVector.fromArray(SPECIES, src, srcBase + 7 * srcStride);
        FloatVector a8 = FloatVector.fromArray(SPECIES, src, srcBase + 8 * srcStride);
        FloatVector a9 = FloatVector.fromArray(SPECIES, src, srcBase + 9 * srcStride);
        FloatVector a10 = FloatVector.fromArray(SPECIES, src, srcBase + 10 * srcStride);
        FloatVector a11 = FloatVector.fromArray(SPECIES, src, srcBase + 11 * srcStride);
        FloatVector a12 = FloatVector.fromArray(SPECIES, src, srcBase + 12 * srcStride);
        FloatVector a13 = FloatVector.fromArray(SPECIES, src, srcBase + 13 * srcStride);
        FloatVector a14 = FloatVector.fromArray(SPECIES, src, srcBase + 14 * srcStride);
        FloatVector a15 = FloatVector.fromArray(SPECIES, src, srcBase + 15 * srcStride);
        FloatVector b0 = FIRST_8.selectFrom(a0, a8), b8 = SECOND_8.selectFrom(a0, a8);
        FloatVector b1 = FIRST_8.selectFrom(a1, a9), b9 = SECOND_8.selectFrom(a1, a9);
        FloatVector b2 = FIRST_8.selectFrom(a2, a10), b10 = SECOND_8.selectFrom(a2, a10);
        FloatVector b3 = FIRST_8.selectFrom(a3, a11), b11 = SECOND_8.selectFrom(a3, a11);
        FloatVector b4 = FIRST_8.selectFrom(a4, a12), b12 = SECOND_8.selectFrom(a4, a12);
        FloatVector b5 = FIRST_8.selectFrom(a5, a13), b13 = SECOND_8.selectFrom(a5, a13);
        FloatVector b6 = FIRST_8.selectFrom(a6, a14), b14 = SECOND_8.selectFrom(a6, a14);
        FloatVector b7 = FIRST_8.selectFrom(a7, a15), b15 = SECOND_8.selectFrom(a7, a15);
        FloatVector c0 = FIRST_4.selectFrom(b0, b4), c4 = SECOND_4.selectFrom(b0, b4);
        FloatVector c1 = FIRST_4.selectFrom(b1, b5), c5 = SECOND_4.selectFrom(b1, b5);
        FloatVector c2 = FIRST_4.selectFrom(b2, b6), c6 = SECOND_4.selectFrom(b2, b6);
        FloatVector c3 = FIRST_4.selectFrom(b3, b7), c7 = SECOND_4.selectFrom(b3, b7);
        FloatVector c8 = FIRST_4.selectFrom(b8, b12), c12 = SECOND_4.selectFrom(b8, b12);
        FloatVector c9 = FIRST_4.selectFrom(b9, b13), c13 = SECOND_4.selectFrom(b9, b13);
        FloatVector c10 = FIRST_4.selectFrom(b10, b14), c14 = SECOND_4.selectFrom(b10, b14);
        FloatVector c11 = FIRST_4.selectFrom(b11, b15), c15 = SECOND_4.selectFrom(b11, b15);
        FloatVector d0 = FIRST_2.selectFrom(c0, c2), d2 = SECOND_2.selectFrom(c0, c2);
        FloatVector d1 = FIRST_2.selectFrom(c1, c3), d3 = SECOND_2.selectFrom(c1, c3);
        FloatVector d4 = FIRST_2.selectFrom(c4, c6), d6 = SECOND_2.selectFrom(c4, c6);
        FloatVector d5 = FIRST_2.selectFrom(c5, c7), d7 = SECOND_2.selectFrom(c5, c7);
        FloatVector d8 = FIRST_2.selectFrom(c8, c10), d10 = SECOND_2.selectFrom(c8, c10);
        FloatVector d9 = FIRST_2.selectFrom(c9, c11), d11 = SECOND_2.selectFrom(c9, c11);
        FloatVector d12 = FIRST_2.selectFrom(c12, c14), d14 = SECOND_2.selectFrom(c12, c14);
        FloatVector d13 = FIRST_2.selectFrom(c13, c15), d15 = SECOND_2.selectFrom(c13, c15);
        FloatVector e0 = FIRST_1.selectFrom(d0, d1), e1 = SECOND_1.selectFrom(d0, d1);
        FloatVector e2 = FIRST_1.selectFrom(d2, d3), e3 = SECOND_1.selectFrom(d2, d3);
        FloatVector e4 = FIRST_1.selectFrom(d4, d5), e5 = SECOND_1.selectFrom(d4, d5);
        FloatVector e6 = FIRST_1.selectFrom(d6, d7), e7 = SECOND_1.selectFrom(d6, d7);
        FloatVector e8 = FIRST_1.selectFrom(d8, d9), e9 = SECOND_1.selectFrom(d8, d9);
        FloatVector e10 = FIRST_1.selectFrom(d10, d11), e11 = SECOND_1.selectFrom(d10, d11);
        FloatVector e12 = FIRST_1.selectFrom(d12, d13), e13 = SECOND_1.selectFrom(d12, d13);
        FloatVector e14 = FIRST_1.selectFrom(d14, d15), e15 = SECOND_1.selectFrom(d14, d15);
        e0.intoArray(dst, dstBase + 0 * dstStride);
        e1.intoArray(dst, dstBase + 1 * dstStride);
        e2.intoArray(dst, dstBase + 2 * dstStride);
        e3.intoArray(dst, dstBase + 3 * dstStride);
        e4.intoArray(dst, dstBase + 4 * dstStride);
        e5.intoArray(dst, dstBase + 5 * dstStride);
        e6.intoArray(dst, dstBase + 6 * dstStride);
        e7.intoArray(dst, dstBase + 7 * dstStride);
        e8.intoArray(dst, dstBase + 8 * dstStride);
        e9.intoArray(dst, dstBase + 9 * dstStride);
        e10.intoArray(dst, dstBase + 10 * dstStride);
        e11.intoArray(dst, dstBase + 11 * dstStride);
        e12.intoArray(dst, dstBase + 12 * dstStride);
        e13.intoArray(dst, dstBase + 13 * dstStride);
        e14.intoArray(dst, dstBase + 14 * dstStride);
        e15.intoArray(dst, dstBase + 15 * dstStride);
    }

    private static FloatVector indices(int... lanes) {
        float[] values = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            values[i] = lanes[i];
        }
        return FloatVector.fromArray(SPECIES, values, 0);
    }
}
