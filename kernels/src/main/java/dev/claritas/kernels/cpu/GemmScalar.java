package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * The plain-Java GEMM: for each row of C, {@code C[i, :] = fma(A[i, p], B[p, :], C[i, :])} for p
 * in increasing order, an inner loop over contiguous rows that the JIT auto-vectorises. It runs
 * when the Vector API is unavailable, for float64, and as the reference the vector path must match
 * bit for bit. Arguments are as in {@link Gemm}, already checked, with m, n &gt; 0.
 */
final class GemmScalar {
    /** Columns of C per block: one row segment of C (1 KiB of floats) stays in L1. */
    private static final int NC = 256;
    /** Rows of op(B) per block: a KC×NC block of B stays in L2 while every row of C uses it. */
    private static final int KC = 256;

    private GemmScalar() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        // Rows of op(B) must be contiguous for the inner loop, so a transposed B is copied once.
        float[] rowsB = transB ? transpose(b, bOff, ldb, n, k) : b;
        int rowsOff = transB ? 0 : bOff;
        int rowsLd = transB ? n : ldb;
        Parallel.forRange(m, (long) n * k, (i0, i1) -> {
            for (int j0 = 0; j0 < n; j0 += NC) {
                int j1 = Math.min(n, j0 + NC);
                if (!accumulate) {
                    for (int i = i0; i < i1; i++) {
                        Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
                    }
                }
                for (int p0 = 0; p0 < k; p0 += KC) {
                    int p1 = Math.min(k, p0 + KC);
                    for (int i = i0; i < i1; i++) {
                        int rowC = cOff + i * ldc;
                        for (int p = p0; p < p1; p++) {
                            float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                            fmaRow(aip, rowsB, rowsOff + p * rowsLd + j0, c, rowC + j0, j1 - j0);
                        }
                    }
                }
            }
        });
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        double[] rowsB = transB ? transpose(b, bOff, ldb, n, k) : b;
        int rowsOff = transB ? 0 : bOff;
        int rowsLd = transB ? n : ldb;
        Parallel.forRange(m, (long) n * k, (i0, i1) -> {
            for (int j0 = 0; j0 < n; j0 += NC) {
                int j1 = Math.min(n, j0 + NC);
                if (!accumulate) {
                    for (int i = i0; i < i1; i++) {
                        Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0.0);
                    }
                }
                for (int p0 = 0; p0 < k; p0 += KC) {
                    int p1 = Math.min(k, p0 + KC);
                    for (int i = i0; i < i1; i++) {
                        int rowC = cOff + i * ldc;
                        for (int p = p0; p < p1; p++) {
                            double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                            fmaRow(aip, rowsB, rowsOff + p * rowsLd + j0, c, rowC + j0, j1 - j0);
                        }
                    }
                }
            }
        });
    }

    /** {@code y[yOff : yOff+len] = fma(alpha, x[xOff : xOff+len], y[...])}, a loop the JIT vectorises. */
    private static void fmaRow(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int j = 0; j < len; j++) {
            y[yOff + j] = Math.fma(alpha, x[xOff + j], y[yOff + j]);
        }
    }

    private static void fmaRow(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        for (int j = 0; j < len; j++) {
            y[yOff + j] = Math.fma(alpha, x[xOff + j], y[yOff + j]);
        }
    }

    /** The dense cols×rows transpose of a stored rows×cols matrix. */
    private static float[] transpose(float[] src, int off, int ld, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < cols; s++) {
                t[s * rows + r] = src[off + r * ld + s];
            }
        }
        return t;
    }

    private static double[] transpose(double[] src, int off, int ld, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < cols; s++) {
                t[s * rows + r] = src[off + r * ld + s];
            }
        }
        return t;
    }
}
