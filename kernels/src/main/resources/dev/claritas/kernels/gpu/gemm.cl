/* dtypes: float double
 * Batched matrix products dst[b] = op(x[b]) · op(y[b]) as a shared-memory tiled GEMM.
 *
 * Tiling (tiles.h, shared with conv.cl): a work-group of SIDE × SIDE = 256 threads computes a TILE × TILE = 64 × 64 block of
 * the output, each thread a MICRO × MICRO = 4 × 4 block in registers. The inner dimension is walked
 * in steps of TILE_K = 16: each step the work-group stages a TILE × TILE_K slice of each operand in
 * local memory (4 elements per thread), while the registers already hold the next step's elements
 * (loaded before the multiply, so global latency overlaps arithmetic). Loads are laid out so that
 * neighbouring threads read neighbouring addresses whichever way an operand is stored.
 *
 * Split-K: when there are too few output tiles to fill the device and the inner dimension is long,
 * the inner dimension is cut into `slices` ranges of sliceK; slice s writes its partial product to
 * dst + s * sliceStride, and sum_slices adds the slices in order. The cut depends only on the
 * shapes, so every output element is summed in the same order on every run. */

#include "tiles.h"

/* This thread's MICRO elements of the TILE × TILE_K slice (rows [r0, r0 + TILE), k [k0, k0 + TILE_K))
 * of a matrix whose element (row, k) is at p[base + row*rowStride + k*kStride], zero past `rows`
 * and `kEnd`. kMajor (k has the larger stride) gives consecutive threads consecutive rows,
 * otherwise consecutive k: either way consecutive addresses. */
DEVICE void load_slice(GLOBAL const T* p, int base, int rowStride, int kStride, int kMajor, int r0, int rows,
                       int k0, int kEnd, int tx, int ty, T* reg) {
    for (int r = 0; r < MICRO; r++) {
        int row = r0 + (kMajor ? tx : ty) + SIDE * r;
        int k = k0 + (kMajor ? ty : tx);
        reg[r] = row < rows && k < kEnd ? p[base + row * rowStride + k * kStride] : (T) 0;
    }
}

/* One 64 × 64 tile of dst[b] (m × n) = op(x[b]) · op(y[b]) over one slice of k. x is [batch, m, k]
 * ([batch, k, m] when transX), y is [batch, k, n] ([batch, n, k] when transY). Work-group index:
 * column tile fastest, then row tile, slice, batch item. */
KERNEL void matmul(int m, int n, int k, int transX, int transY, GLOBAL const T* x, int xo, GLOBAL const T* y,
                   int yo, GLOBAL T* dst, int dsto, int sliceK, int slices, int sliceStride) {
    LOCAL ALIGNED_16 T as[TILE_K][TILE + PAD];
    LOCAL ALIGNED_16 T bs[TILE_K][TILE + PAD];
    int tid = (int) LID(0);
    int tx = tid % SIDE, ty = tid / SIDE;
    TilePlace at = tile_place(m, n, k, slices, sliceK);
    int n0 = at.n0, m0 = at.m0, s = at.slice, b = at.outer, kBegin = at.kBegin, kEnd = at.kEnd;

    /* x's element (row i, k) and y's element (column j, k), wherever transposition puts them. */
    int xb = xo + b * m * k, yb = yo + b * k * n;
    int xRow = transX ? 1 : k, xK = transX ? m : 1;
    int yCol = transY ? k : 1, yK = transY ? 1 : n;

    T acc[MICRO][MICRO];
    for (int i = 0; i < MICRO; i++) {
        for (int j = 0; j < MICRO; j++) {
            acc[i][j] = 0;
        }
    }
    T ra[MICRO], rb[MICRO];
    if (kBegin < kEnd) {
        load_slice(x, xb, xRow, xK, transX, m0, m, kBegin, kEnd, tx, ty, ra);
        load_slice(y, yb, yCol, yK, !transY, n0, n, kBegin, kEnd, tx, ty, rb);
    }
    for (int k0 = kBegin; k0 < kEnd; k0 += TILE_K) {
        STAGE(as, transX, ra)
        STAGE(bs, !transY, rb)
        BARRIER();
        if (k0 + TILE_K < kEnd) {
            load_slice(x, xb, xRow, xK, transX, m0, m, k0 + TILE_K, kEnd, tx, ty, ra);
            load_slice(y, yb, yCol, yK, !transY, n0, n, k0 + TILE_K, kEnd, tx, ty, rb);
        }
        MULTIPLY(as, bs, acc)
        BARRIER();
    }

    int out = dsto + s * sliceStride + b * m * n;
    for (int i = 0; i < MICRO; i++) {
        int row = m0 + MICRO * ty + i;
        for (int j = 0; j < MICRO; j++) {
            int col = n0 + MICRO * tx + j;
            if (row < m && col < n) {
                dst[out + row * n + col] = acc[i][j];
            }
        }
    }
}
