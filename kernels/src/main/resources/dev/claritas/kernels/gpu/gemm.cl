/* dtypes: float double
 * Batched matrix products dst[b] = op(x[b]) · op(y[b]) as a shared-memory tiled GEMM.
 *
 * Tiling (shared with conv.cl, which repeats these few lines because every .cl file is a program
 * of its own): a work-group of SIDE × SIDE = 256 threads computes a TILE × TILE = 64 × 64 block of
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

#define TILE 64
#define TILE_K 16
#define SIDE 16
#define MICRO 4
/* Local rows are padded so that staging stores spread over the banks; 4 keeps rows 16-byte aligned. */
#define PAD 4

/* The local tiles are 16-byte aligned so that nvcc reads a thread's MICRO consecutive elements
 * with one vector load (ld.shared.v4 for float): without it the multiply is bound by local-memory
 * loads. The dialect has no alignment macro, hence the two spellings here. */
#ifdef __CUDACC__
#define ALIGNED_16 __align__(16)
#else
#define ALIGNED_16 __attribute__((aligned(16)))
#endif

/* Stores this thread's MICRO loaded elements into the TILE_K × TILE local tile S. A K_MAJOR load
 * took element (k = ty, i = tx + SIDE*r), a row-major one (k = tx, i = ty + SIDE*r). */
#define STAGE(S, K_MAJOR, REG)                                                                        \
    _Pragma("unroll") for (int r_ = 0; r_ < MICRO; r_++) {                                            \
        if (K_MAJOR) {                                                                                \
            S[ty][tx + SIDE * r_] = REG[r_];                                                          \
        } else {                                                                                      \
            S[tx][ty + SIDE * r_] = REG[r_];                                                          \
        }                                                                                             \
    }

/* ACC[i][j] += Σ_k AS[k][MICRO*ty + i] · BS[k][MICRO*tx + j] over one staged step. */
#define MULTIPLY(AS, BS, ACC)                                                                         \
    _Pragma("unroll") for (int k_ = 0; k_ < TILE_K; k_++) {                                           \
        T a_[MICRO], b_[MICRO];                                                                       \
        for (int i_ = 0; i_ < MICRO; i_++) {                                                          \
            a_[i_] = AS[k_][MICRO * ty + i_];                                                         \
            b_[i_] = BS[k_][MICRO * tx + i_];                                                         \
        }                                                                                             \
        for (int i_ = 0; i_ < MICRO; i_++) {                                                          \
            for (int j_ = 0; j_ < MICRO; j_++) {                                                      \
                ACC[i_][j_] += a_[i_] * b_[j_];                                                       \
            }                                                                                         \
        }                                                                                             \
    }

/* dst[e] = Σ_s slices[s * size + e], s in order: the split-K partial products added up. */
KERNEL void sum_slices(int slices, int size, GLOBAL const T* ws, GLOBAL T* dst, int dsto) {
    long e = GID(0);
    if (e < size) {
        T sum = ws[e];
        for (int s = 1; s < slices; s++) {
            sum += ws[(long) s * size + e];
        }
        dst[dsto + e] = sum;
    }
}

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
    int tilesN = (n + TILE - 1) / TILE, tilesM = (m + TILE - 1) / TILE;
    long tile = GRP(0);
    int n0 = (int) (tile % tilesN) * TILE;
    tile /= tilesN;
    int m0 = (int) (tile % tilesM) * TILE;
    tile /= tilesM;
    int s = (int) (tile % slices);
    int b = (int) (tile / slices);
    int kBegin = s * sliceK;
    int kEnd = min(k, kBegin + sliceK);

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
