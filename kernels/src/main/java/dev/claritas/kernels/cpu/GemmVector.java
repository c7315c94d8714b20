package dev.claritas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API single-precision GEMM (load only when {@link Vectorization#ENABLED}), organised
 * as in Goto and van de Geijn's "Anatomy of high-performance matrix multiplication":
 *
 * <ul>
 *   <li>C is cut into MC×NC blocks; a parallel task takes one column of NC and a group of its
 *       row blocks (enough groups to give each thread two tasks). Each element is one chain of
 *       multiply-adds over k in slice order whichever task computes it, so neither the thread
 *       count nor the grouping changes its bits.
 *   <li>For each KC-deep slice of k, the task packs its columns of op(B) into NR-column panels once
 *       and, block by block, its rows of op(A) into MR-row panels, contiguous in the order the
 *       micro-kernel reads (packing B once per group rather than once per block: 1.07× on 1024³).
 *   <li>The micro-kernel keeps an MR×NR tile of C in registers (MR rows of two vectors) and adds
 *       one rank-1 update per k with fused multiply-adds, continuing from the tile's earlier value.
 * </ul>
 *
 * Arguments are as in {@link Gemm}, already checked, with m, n, k &gt; 0.
 */
final class GemmVector {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int V = SPECIES.length();
    /**
     * Rows of the register tile: its 12 accumulators, two B vectors and one A broadcast fit in the
     * 16 (AVX2) or 32 (AVX-512) vector registers. Taller tiles measured slower on AVX-512.
     */
    private static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    private static final int NR = 2 * V;
    /** Depth of a packed slice: an NR-column panel of B (KC·NR floats) stays in L1 while A's panels stream past. */
    private static final int KC = 256;
    /**
     * Rows of C per parallel task; the packed A block (MC·KC floats, 192 KiB) stays in L2. Each task
     * packs its own blocks of A and B, so larger blocks pack less per multiply-add: 192 × 512 runs a
     * tenth faster on one thread than 96 × 256, and as fast on two.
     */
    private static final int MC = 32 * MR;
    /** Columns of C per parallel task; the packed B block (KC·NC floats, 512 KiB) stays in L2. */
    private static final int NC = 16 * NR;
    /** Parallel tasks per thread the row blocks are grouped into, for balance between the threads. */
    private static final int TASKS_PER_THREAD = 2;
    /** Columns of C per task of {@link #fewRows}. */
    private static final int FEW_ROWS_COLUMNS = 32 * NR;

    private GemmVector() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        if (m < MR && !transB) {
            fewRows(transA, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        int rowBlocks = (m + MC - 1) / MC;
        int colBlocks = (n + NC - 1) / NC;
        // Row blocks are grouped so that a task packs each slice of its column block once for
        // several of them; enough groups remain to keep every thread busy. The grouping does not
        // change any element's operations: each is one chain over k in slice order.
        int groupsPerColumn = Math.min(rowBlocks, Math.ceilDiv(TASKS_PER_THREAD * Parallel.threads(), colBlocks));
        int blocksPerGroup = Math.ceilDiv(rowBlocks, groupsPerColumn);
        int groups = Math.ceilDiv(rowBlocks, blocksPerGroup);
        long costPerTask = (long) Math.min(m, MC * blocksPerGroup) * Math.min(n, NC) * k;
        Parallel.forRange(groups * colBlocks, 1, costPerTask, (t0, t1) -> {
            float[] packedA = HostArrayPool.floats(roundUp(Math.min(m, MC), MR) * Math.min(k, KC));
            float[] packedB = HostArrayPool.floats(roundUp(Math.min(n, NC), NR) * Math.min(k, KC));
            float[] edgeTile = new float[MR * NR];
            for (int t = t0; t < t1; t++) {
                int firstBlock = (t / colBlocks) * blocksPerGroup;
                int lastBlock = Math.min(rowBlocks, firstBlock + blocksPerGroup);
                int j0 = (t % colBlocks) * NC;
                int nb = Math.min(NC, n - j0);
                for (int p0 = 0; p0 < k; p0 += KC) {
                    int kc = Math.min(KC, k - p0);
                    packB(transB, b, bOff, ldb, j0, nb, p0, kc, packedB);
                    boolean continueC = accumulate || p0 > 0;
                    for (int block = firstBlock; block < lastBlock; block++) {
                        int i0 = block * MC;
                        int mb = Math.min(MC, m - i0);
                        packA(transA, a, aOff, lda, i0, mb, p0, kc, packedA);
                        for (int jr = 0; jr < nb; jr += NR) {
                            for (int ir = 0; ir < mb; ir += MR) {
                                int tileC = cOff + (i0 + ir) * ldc + j0 + jr;
                                int rows = Math.min(MR, mb - ir);
                                int cols = Math.min(NR, nb - jr);
                                if (rows == MR && cols == NR) {
                                    microKernel(kc, packedA, ir * kc, packedB, jr * kc, c, tileC, ldc, continueC);
                                } else {
                                    edgeKernel(kc, packedA, ir * kc, packedB, jr * kc, c, tileC, ldc, rows, cols,
                                            continueC, edgeTile);
                                }
                            }
                        }
                    }
                }
            }
            HostArrayPool.give(packedA);
            HostArrayPool.give(packedB);
        });
    }

    /**
     * C for fewer rows than a register tile (a convolution to one channel, as an output layer is):
     * each row of C is a chain of vector fused multiply-adds down B's rows, in the same order as the
     * micro-kernel's, without packing or a padded tile (which would do MR/m times the work). The
     * columns are cut into fixed chunks, one task each.
     */
    private static void fewRows(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
                                int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int strideP = transA ? lda : 1, strideI = transA ? 1 : lda;
        Parallel.forRange(Math.ceilDiv(n, FEW_ROWS_COLUMNS), (long) m * k * FEW_ROWS_COLUMNS, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int j0 = t * FEW_ROWS_COLUMNS, j1 = Math.min(n, j0 + FEW_ROWS_COLUMNS);
                for (int i = 0; i < m; i++) {
                    int rowA = aOff + i * strideI, rowC = cOff + i * ldc;
                    int j = j0;
                    for (; j + 2 * V <= j1; j += 2 * V) {
                        FloatVector c0 = accumulate ? FloatVector.fromArray(SPECIES, c, rowC + j) : FloatVector.zero(SPECIES);
                        FloatVector c1 = accumulate ? FloatVector.fromArray(SPECIES, c, rowC + j + V)
                                : FloatVector.zero(SPECIES);
                        for (int p = 0, ia = rowA, ib = bOff + j; p < k; p++, ia += strideP, ib += ldb) {
                            FloatVector ai = FloatVector.broadcast(SPECIES, a[ia]);
                            c0 = ai.fma(FloatVector.fromArray(SPECIES, b, ib), c0);
                            c1 = ai.fma(FloatVector.fromArray(SPECIES, b, ib + V), c1);
                        }
                        c0.intoArray(c, rowC + j);
                        c1.intoArray(c, rowC + j + V);
                    }
                    for (; j < j1; j++) {
                        float sum = accumulate ? c[rowC + j] : 0f;
                        for (int p = 0, ia = rowA, ib = bOff + j; p < k; p++, ia += strideP, ib += ldb) {
                            sum = Math.fma(a[ia], b[ib], sum);
                        }
                        c[rowC + j] = sum;
                    }
                }
            }
        });
    }

    /**
     * Packs op(A)[i0 : i0+mb, p0 : p0+kc] as MR-row panels; within a panel the MR values of one k
     * are adjacent. Rows past mb are zero.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mb, int p0, int kc,
                              float[] packed) {
        for (int ir = 0; ir < mb; ir += MR) {
            int rows = Math.min(MR, mb - ir);
            int panel = ir * kc;
            if (rows == MR) {
                // A full panel: write it in order, MR values per k, reading MR adjacent values of one
                // row of a transposed A or one value of each of MR rows of a plain one.
                if (transA) {
                    int src = aOff + p0 * lda + i0 + ir;
                    for (int p = 0, dst = panel; p < kc; p++, src += lda, dst += MR) {
                        System.arraycopy(a, src, packed, dst, MR);
                    }
                } else {
                    int row = aOff + (i0 + ir) * lda + p0;
                    for (int p = 0, dst = panel; p < kc; p++, dst += MR) {
                        packed[dst] = a[row + p];
                        packed[dst + 1] = a[row + lda + p];
                        packed[dst + 2] = a[row + 2 * lda + p];
                        packed[dst + 3] = a[row + 3 * lda + p];
                        packed[dst + 4] = a[row + 4 * lda + p];
                        packed[dst + 5] = a[row + 5 * lda + p];
                    }
                }
                continue;
            }
            for (int r = 0; r < MR; r++) {
                int i = i0 + ir + r;
                for (int p = 0; p < kc; p++) {
                    float value = 0f;
                    if (r < rows) {
                        value = transA ? a[aOff + (p0 + p) * lda + i] : a[aOff + i * lda + p0 + p];
                    }
                    packed[panel + p * MR + r] = value;
                }
            }
        }
    }

    /**
     * Packs op(B)[p0 : p0+kc, j0 : j0+nb] as NR-column panels; within a panel the NR values of one
     * k are adjacent. Columns past nb are zero.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int j0, int nb, int p0, int kc,
                              float[] packed) {
        for (int jr = 0; jr < nb; jr += NR) {
            int cols = Math.min(NR, nb - jr);
            int panel = jr * kc;
            if (!transB && cols == NR) {
                // A full panel of a row-major B: NR adjacent values per k, copied as two vectors.
                int src = bOff + p0 * ldb + j0 + jr;
                for (int p = 0; p < kc; p++, src += ldb) {
                    FloatVector.fromArray(SPECIES, b, src).intoArray(packed, panel + p * NR);
                    FloatVector.fromArray(SPECIES, b, src + V).intoArray(packed, panel + p * NR + V);
                }
                continue;
            }
            for (int j = 0; j < NR; j++) {
                int col = j0 + jr + j;
                for (int p = 0; p < kc; p++) {
                    float value = 0f;
                    if (j < cols) {
                        value = transB ? b[bOff + col * ldb + p0 + p] : b[bOff + (p0 + p) * ldb + col];
                    }
                    packed[panel + p * NR + j] = value;
                }
            }
        }
    }

    /** A tile on the bottom or right edge of C: computed in a full scratch tile, whose valid part is copied back. */
    private static void edgeKernel(int kc, float[] packedA, int panelA, float[] packedB, int panelB,
                                   float[] c, int tileC, int ldc, int rows, int cols, boolean continueC,
                                   float[] tile) {
        if (continueC) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, tileC + r * ldc, tile, r * NR, cols);
            }
        }
        microKernel(kc, packedA, panelA, packedB, panelB, tile, 0, NR, continueC);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, tileC + r * ldc, cols);
        }
    }

    /**
     * {@code C[tile] = (continueC ? C[tile] : 0) + Σ_p A[:, p] ⊗ B[p, :]} for one MR×NR tile, one
     * fused multiply-add per element and k. The accumulators are named locals so the JIT keeps them
     * in registers.
     */
    private static void microKernel(int kc, float[] packedA, int panelA, float[] packedB, int panelB,
                                    float[] c, int tileC, int ldc, boolean continueC) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (continueC) {
            c00 = FloatVector.fromArray(SPECIES, c, tileC);
            c01 = FloatVector.fromArray(SPECIES, c, tileC + V);
            c10 = FloatVector.fromArray(SPECIES, c, tileC + ldc);
            c11 = FloatVector.fromArray(SPECIES, c, tileC + ldc + V);
            c20 = FloatVector.fromArray(SPECIES, c, tileC + 2 * ldc);
            c21 = FloatVector.fromArray(SPECIES, c, tileC + 2 * ldc + V);
            c30 = FloatVector.fromArray(SPECIES, c, tileC + 3 * ldc);
            c31 = FloatVector.fromArray(SPECIES, c, tileC + 3 * ldc + V);
            c40 = FloatVector.fromArray(SPECIES, c, tileC + 4 * ldc);
            c41 = FloatVector.fromArray(SPECIES, c, tileC + 4 * ldc + V);
            c50 = FloatVector.fromArray(SPECIES, c, tileC + 5 * ldc);
            c51 = FloatVector.fromArray(SPECIES, c, tileC + 5 * ldc + V);
        } else {
            FloatVector zero = FloatVector.zero(SPECIES);
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = zero;
        }
        int ia = panelA;
        int ib = panelB;
        for (int p = 0; p < kc; p++, ia += MR, ib += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, packedB, ib);
            FloatVector b1 = FloatVector.fromArray(SPECIES, packedB, ib + V);
            FloatVector ai = FloatVector.broadcast(SPECIES, packedA[ia]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            ai = FloatVector.broadcast(SPECIES, packedA[ia + 1]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            ai = FloatVector.broadcast(SPECIES, packedA[ia + 2]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            ai = FloatVector.broadcast(SPECIES, packedA[ia + 3]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
            ai = FloatVector.broadcast(SPECIES, packedA[ia + 4]);
            c40 = ai.fma(b0, c40);
            c41 = ai.fma(b1, c41);
            ai = FloatVector.broadcast(SPECIES, packedA[ia + 5]);
            c50 = ai.fma(b0, c50);
            c51 = ai.fma(b1, c51);
        }
        c00.intoArray(c, tileC);
        c01.intoArray(c, tileC + V);
        c10.intoArray(c, tileC + ldc);
        c11.intoArray(c, tileC + ldc + V);
        c20.intoArray(c, tileC + 2 * ldc);
        c21.intoArray(c, tileC + 2 * ldc + V);
        c30.intoArray(c, tileC + 3 * ldc);
        c31.intoArray(c, tileC + 3 * ldc + V);
        c40.intoArray(c, tileC + 4 * ldc);
        c41.intoArray(c, tileC + 4 * ldc + V);
        c50.intoArray(c, tileC + 5 * ldc);
        c51.intoArray(c, tileC + 5 * ldc + V);
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
