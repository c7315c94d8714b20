package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * General matrix multiply on row-major arrays: {@code C = op(A)·op(B)}, or {@code C += op(A)·op(B)}
 * when accumulating, with {@code op(A)} of m×k, {@code op(B)} of k×n and C of m×n.
 *
 * <p>Every element of C is one fused multiply-add chain over k in increasing order, starting from
 * zero (or from C when accumulating). The vector and scalar paths follow that same order, so they
 * give identical bits, and so does any thread count.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * Single-precision GEMM.
     *
     * @param transA whether A is stored k×m (so {@code op(A) = Aᵀ}); otherwise m×k
     * @param transB whether B is stored n×k (so {@code op(B) = Bᵀ}); otherwise k×n
     * @param m rows of C
     * @param n columns of C
     * @param k the inner size
     * @param a A's array; element (r, s) of the stored matrix is {@code a[aOff + r*lda + s]}
     * @param lda distance between stored rows of A
     * @param b B's array, laid out like A
     * @param ldb distance between stored rows of B
     * @param c C's array, element (i, j) at {@code c[cOff + i*ldc + j]}; must not overlap A or B
     * @param ldc distance between rows of C
     * @param accumulate whether to add to C instead of overwriting it
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        checkOperands(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        if (Vectorization.ENABLED) {
            GemmVector.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            GemmScalar.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /**
     * Double-precision GEMM, with the same meaning of the arguments as the float overload. It runs
     * the scalar path (which the JIT auto-vectorises): float64 serves gradient checks, not speed.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double[] c, int cOff, int ldc, boolean accumulate) {
        checkOperands(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        GemmScalar.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private static void checkOperands(boolean transA, boolean transB, int m, int n, int k,
                                      int aLength, int aOff, int lda, int bLength, int bOff, int ldb,
                                      int cLength, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm sizes must be >= 0: m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", aLength, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", bLength, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", cLength, cOff, ldc, m, n);
    }

    /** Checks up front that a stored rows×cols matrix lies inside its array, so no half-written C is left behind. */
    private static void checkMatrix(String name, int length, int offset, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        long end = offset + (long) (rows - 1) * ld + cols;
        if (offset < 0 || ld < cols || end > length) {
            throw new IllegalArgumentException("gemm matrix " + name + " (" + rows + "x" + cols + ", offset " + offset
                    + ", leading dimension " + ld + ") does not fit its array of " + length);
        }
    }
}
