/* The register-blocked tile of gemm.cl and conv.cl (included by both; see gemm.cl for the scheme):
 * a work-group of SIDE × SIDE threads computes a TILE × TILE output block, each thread MICRO × MICRO,
 * walking the inner dimension TILE_K at a time through local memory; and sum_slices, which adds the
 * split-K partial products in a fixed order. */

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

/* Where a work-group's work lies: its output tile (rows from m0, columns from n0), its split-K
 * slice and the K range [kBegin, kEnd) of that slice, and the batch item or group (`outer`). The
 * launches number work-groups n-tile fastest, then m-tile, then slice, then outer. */
typedef struct {
    int n0, m0, slice, outer, kBegin, kEnd;
} TilePlace;

DEVICE TilePlace tile_place(int m, int n, int k, int slices, int sliceK) {
    int tilesN = (n + TILE - 1) / TILE, tilesM = (m + TILE - 1) / TILE;
    long tile = GRP(0);
    TilePlace p;
    p.n0 = (int) (tile % tilesN) * TILE;
    tile /= tilesN;
    p.m0 = (int) (tile % tilesM) * TILE;
    tile /= tilesM;
    p.slice = (int) (tile % slices);
    p.outer = (int) (tile / slices);
    p.kBegin = p.slice * sliceK;
    p.kEnd = min(k, p.kBegin + sliceK);
    return p;
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
