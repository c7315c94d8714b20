/* dtypes: float double
 * Convolutions as implicit GEMMs: no patch matrix is built; the tile loaders work out which input
 * element each GEMM operand element is (zero in the padding). Per group g:
 *
 *   conv_gather       out[n, g·Og + m, q] = Σ_k W[m, k] · X[k, (n, q)]   (convolution, and one stride
 *                     phase of a transposed convolution), M = Og, N = batch × positions, K = Cg × taps
 *   conv_weight_grad  gradW[g·Og + m, col] = Σ_(n, q) gradOut[n, g·Og + m, q] · X[col, (n, q)],
 *                     M = Og, N = Cg × taps, K = batch × positions
 *
 * Both walk a ConvGeom, which describes the three spatial axes (depth, height, width; a 2-D
 * convolution has depth 1) the same way for a convolution and for a transposed convolution:
 * output position j (0 ≤ j < count) of an axis is stored at outStart + j·outStep, and with tap t
 * (0 ≤ t < taps) it reads input position inBase + j·inStepOut + t·inStepTap, which is kernel index
 * tapStart + t·tapStep. A convolution has outStart 0, outStep 1, inBase −pad, inStepOut stride,
 * inStepTap dilation, all taps. A transposed convolution is run as a gather, one launch per stride
 * phase: the output positions q ≡ r (mod stride) are reached exactly by the taps k with
 * (r + pad − k·dilation) divisible by the stride, an arithmetic progression, so every tap a launch
 * sums is a real one (GpuLinearAlgebra works out the progressions).
 *
 * Tiling as in gemm.cl (tiles.h):
 * 16 × 16 threads per 64 × 64 output tile, 4 × 4 outputs per thread, k in steps of 16 staged in
 * local memory, the next step's elements loaded into registers during the multiply, and split-K
 * slices summed in a fixed order by sum_slices. The flat GEMM indices are split into (channel, tap)
 * or (item, position) by mixed-radix counters advanced by 16 each step, so the inner loop does no
 * integer division. */

#include "tiles.h"

/* One launch's geometry; GpuLinearAlgebra.ConvGeom fills it, field by field in this order. */
typedef struct {
    int batch;
    int inChannels;   /* channels of the gathered input x */
    int outChannels;  /* channels of the output (conv_weight_grad: of gradOut) */
    int groupIn;      /* Cg: input channels per group */
    int groupOut;     /* Og: output channels per group, the GEMM's M */
    int inSize[3];    /* x's depth, height, width */
    int outSize[3];   /* the output's (gradOut's) depth, height, width */
    int count[3];     /* output positions this launch covers, per axis */
    int outStart[3];
    int outStep[3];
    int inBase[3];
    int inStepOut[3];
    int inStepTap[3];
    int taps[3];      /* taps this launch sums, per axis */
    int kernelSize[3]; /* the weight's kernel size, per axis */
    int tapStart[3];
    int tapStep[3];
    int wOut;         /* weight strides of an output channel, an input channel, a group */
    int wIn;
    int wGroup;
} ConvGeom;

/* A flat index split as ((hi·R0 + a)·R1 + b)·R2 + c for radices R = (R0, R1, R2). */
typedef struct {
    int hi;
    int a;
    int b;
    int c;
} Digits;

DEVICE Digits digits_of(int v, const int* radix) {
    Digits d;
    d.c = v % radix[2];
    v /= radix[2];
    d.b = v % radix[1];
    v /= radix[1];
    d.a = v % radix[0];
    d.hi = v / radix[0];
    return d;
}

/* x + step for digit strings x and step (each digit below its radix): one carry per digit at most. */
DEVICE Digits digits_add(Digits x, Digits step, const int* radix) {
    Digits d;
    d.c = x.c + step.c;
    int carry = d.c >= radix[2];
    d.c -= carry ? radix[2] : 0;
    d.b = x.b + step.b + carry;
    carry = d.b >= radix[1];
    d.b -= carry ? radix[1] : 0;
    d.a = x.a + step.a + carry;
    carry = d.a >= radix[0];
    d.a -= carry ? radix[0] : 0;
    d.hi = x.hi + step.hi + carry;
    return d;
}

DEVICE int inside(int z, int y, int x, const int* size) {
    return (uint) z < (uint) size[0] && (uint) y < (uint) size[1] && (uint) x < (uint) size[2];
}

/* Where output position (jz, jy, jx) of a launch is stored within one output channel. */
DEVICE int out_position(ConvGeom g, Digits j) {
    int qz = g.outStart[0] + j.a * g.outStep[0];
    int qy = g.outStart[1] + j.b * g.outStep[1];
    int qx = g.outStart[2] + j.c * g.outStep[2];
    return (qz * g.outSize[1] + qy) * g.outSize[2] + qx;
}

/* This thread's MICRO weights W[m, k] for rows m = m0 + ty + SIDE*r and the k whose (channel, tap)
 * digits are t: consecutive threads take consecutive k, which are consecutive weights in a
 * convolution (tx runs along a kernel row). */
DEVICE void load_weights(ConvGeom g, GLOBAL const T* w, int wBase, int m0, int k, int kEnd, Digits t, int ty,
                         T* reg) {
    int kd = g.tapStart[0] + t.a * g.tapStep[0];
    int kh = g.tapStart[1] + t.b * g.tapStep[1];
    int kw = g.tapStart[2] + t.c * g.tapStep[2];
    int at = wBase + t.hi * g.wIn + (kd * g.kernelSize[1] + kh) * g.kernelSize[2] + kw;
    for (int r = 0; r < MICRO; r++) {
        int m = m0 + ty + SIDE * r;
        reg[r] = k < kEnd && m < g.groupOut ? w[at + m * g.wOut] : (T) 0;
    }
}

/* This thread's MICRO elements X[k, col] of conv_gather's input operand: tap digits t of row k, and
 * columns whose channel-0 element is colBase (−1: past the end) and whose first tap reads input
 * position (colZ, colY, colX). Consecutive threads take consecutive columns: neighbouring outputs. */
DEVICE void load_patches(ConvGeom g, GLOBAL const T* x, int inPositions, int k, int kEnd, Digits t,
                         const int* colBase, const int* colZ, const int* colY, const int* colX, T* reg) {
    int channel = t.hi * inPositions;
    int dz = t.a * g.inStepTap[0], dy = t.b * g.inStepTap[1], dx = t.c * g.inStepTap[2];
    for (int r = 0; r < MICRO; r++) {
        int iz = colZ[r] + dz, iy = colY[r] + dy, ix = colX[r] + dx;
        reg[r] = k < kEnd && colBase[r] >= 0 && inside(iz, iy, ix, g.inSize)
                ? x[colBase[r] + channel + (iz * g.inSize[1] + iy) * g.inSize[2] + ix] : (T) 0;
    }
}

/* One 64 × 64 tile of out (or of split-K slice s of a workspace shaped like it) for group grp.
 * Work-group index: column tile fastest, then row tile, slice, group. */
KERNEL void conv_gather(ConvGeom g, GLOBAL const T* x, int xo, GLOBAL const T* w, int wo, GLOBAL T* dst, int dsto,
                        int sliceK, int slices, int sliceStride) {
    LOCAL ALIGNED_16 T as[TILE_K][TILE + PAD];
    LOCAL ALIGNED_16 T bs[TILE_K][TILE + PAD];
    int tid = (int) LID(0);
    int tx = tid % SIDE, ty = tid / SIDE;
    int positions = g.count[0] * g.count[1] * g.count[2];
    int N = g.batch * positions;
    int M = g.groupOut;
    int K = g.groupIn * g.taps[0] * g.taps[1] * g.taps[2];
    int inPositions = g.inSize[0] * g.inSize[1] * g.inSize[2];
    int outPositions = g.outSize[0] * g.outSize[1] * g.outSize[2];
    TilePlace at = tile_place(M, N, K, slices, sliceK);
    int n0 = at.n0, m0 = at.m0, s = at.slice, grp = at.outer, kBegin = at.kBegin, kEnd = at.kEnd;

    /* The columns this thread loads, col = n0 + tx + SIDE*r: batch item and output position. */
    int colBase[MICRO], colZ[MICRO], colY[MICRO], colX[MICRO];
    for (int r = 0; r < MICRO; r++) {
        int col = n0 + tx + SIDE * r;
        colBase[r] = -1;
        colZ[r] = colY[r] = colX[r] = 0;
        if (col < N) {
            Digits j = digits_of(col, g.count);
            colBase[r] = xo + (j.hi * g.inChannels + grp * g.groupIn) * inPositions;
            colZ[r] = g.inBase[0] + j.a * g.inStepOut[0];
            colY[r] = g.inBase[1] + j.b * g.inStepOut[1];
            colX[r] = g.inBase[2] + j.c * g.inStepOut[2];
        }
    }

    T acc[MICRO][MICRO];
    for (int i = 0; i < MICRO; i++) {
        for (int j = 0; j < MICRO; j++) {
            acc[i][j] = 0;
        }
    }
    if (kBegin < kEnd) {
        /* weights take k = k0 + tx, patches k = k0 + ty: two counters, each 16 further per step */
        int wBase = wo + grp * g.wGroup;
        Digits step = digits_of(TILE_K, g.taps);
        Digits kw = digits_of(kBegin + tx, g.taps);
        Digits kx = digits_of(kBegin + ty, g.taps);
        T ra[MICRO], rb[MICRO];
        load_weights(g, w, wBase, m0, kBegin + tx, kEnd, kw, ty, ra);
        load_patches(g, x, inPositions, kBegin + ty, kEnd, kx, colBase, colZ, colY, colX, rb);
        for (int k0 = kBegin; k0 < kEnd; k0 += TILE_K) {
            STAGE(as, 0, ra)
            STAGE(bs, 1, rb)
            BARRIER();
            if (k0 + TILE_K < kEnd) {
                kw = digits_add(kw, step, g.taps);
                kx = digits_add(kx, step, g.taps);
                load_weights(g, w, wBase, m0, k0 + TILE_K + tx, kEnd, kw, ty, ra);
                load_patches(g, x, inPositions, k0 + TILE_K + ty, kEnd, kx, colBase, colZ, colY, colX, rb);
            }
            MULTIPLY(as, bs, acc)
            BARRIER();
        }
    }

    long base = dsto + (long) s * sliceStride;
    for (int j = 0; j < MICRO; j++) {
        int col = n0 + MICRO * tx + j;
        if (col >= N) {
            continue;
        }
        Digits q = digits_of(col, g.count);
        long at = base + (long) (q.hi * g.outChannels + grp * M) * outPositions + out_position(g, q);
        for (int i = 0; i < MICRO; i++) {
            int m = m0 + MICRO * ty + i;
            if (m < M) {
                dst[at + (long) m * outPositions] = acc[i][j];
            }
        }
    }
}

/* This thread's MICRO elements of both conv_weight_grad operands at the k whose (batch item, output
 * position) digits are q: gradOut[item, g·Og + m, q] for rows m = m0 + ty + SIDE*r, and the input
 * element that output position q reads through the (channel, tap) of columns r (colChannel: the
 * channel's first element within an item, −1 past the end; colD*: where tap 0 of position 0 reads). */
DEVICE void load_grad_step(ConvGeom g, GLOBAL const T* x, int xo, GLOBAL const T* gy, int gyo, int grp,
                           int inPositions, int outPositions, int m0, int k, int kEnd, Digits q, int ty,
                           const int* colChannel, const int* colDz, const int* colDy, const int* colDx,
                           T* ra, T* rb) {
    int gyAt = gyo + (q.hi * g.outChannels + grp * g.groupOut) * outPositions + out_position(g, q);
    int xAt = xo + q.hi * g.inChannels * inPositions;
    int iz = q.a * g.inStepOut[0], iy = q.b * g.inStepOut[1], ix = q.c * g.inStepOut[2];
    for (int r = 0; r < MICRO; r++) {
        int m = m0 + ty + SIDE * r;
        ra[r] = k < kEnd && m < g.groupOut ? gy[gyAt + m * outPositions] : (T) 0;
        int z = iz + colDz[r], y = iy + colDy[r], xx = ix + colDx[r];
        rb[r] = k < kEnd && colChannel[r] >= 0 && inside(z, y, xx, g.inSize)
                ? x[xAt + colChannel[r] + (z * g.inSize[1] + y) * g.inSize[2] + xx] : (T) 0;
    }
}

/* One 64 × 64 tile of gradW (or of split-K slice s of a workspace shaped like it) for group grp:
 * rows are output channels, columns (input channel, tap) pairs, k runs over (batch item, output
 * position). gradOut and the input are both read along k, so consecutive threads take consecutive
 * k (neighbouring positions) for both operands. Work-group index: column tile fastest, then row
 * tile, slice, group. */
KERNEL void conv_weight_grad(ConvGeom g, GLOBAL const T* x, int xo, GLOBAL const T* gy, int gyo, GLOBAL T* dst,
                             int dsto, int sliceK, int slices, int sliceStride) {
    LOCAL ALIGNED_16 T as[TILE_K][TILE + PAD];
    LOCAL ALIGNED_16 T bs[TILE_K][TILE + PAD];
    int tid = (int) LID(0);
    int tx = tid % SIDE, ty = tid / SIDE;
    int positions = g.count[0] * g.count[1] * g.count[2];
    int taps = g.taps[0] * g.taps[1] * g.taps[2];
    int M = g.groupOut;
    int N = g.groupIn * taps;
    int K = g.batch * positions;
    int inPositions = g.inSize[0] * g.inSize[1] * g.inSize[2];
    int outPositions = g.outSize[0] * g.outSize[1] * g.outSize[2];
    TilePlace at = tile_place(M, N, K, slices, sliceK);
    int n0 = at.n0, m0 = at.m0, s = at.slice, grp = at.outer, kBegin = at.kBegin, kEnd = at.kEnd;

    /* The columns this thread loads, col = n0 + ty + SIDE*r: input channel and tap. */
    int colChannel[MICRO], colDz[MICRO], colDy[MICRO], colDx[MICRO];
    for (int r = 0; r < MICRO; r++) {
        int col = n0 + ty + SIDE * r;
        colChannel[r] = -1;
        colDz[r] = colDy[r] = colDx[r] = 0;
        if (col < N) {
            Digits t = digits_of(col, g.taps);
            colChannel[r] = (grp * g.groupIn + t.hi) * inPositions;
            colDz[r] = g.inBase[0] + t.a * g.inStepTap[0];
            colDy[r] = g.inBase[1] + t.b * g.inStepTap[1];
            colDx[r] = g.inBase[2] + t.c * g.inStepTap[2];
        }
    }

    T acc[MICRO][MICRO];
    for (int i = 0; i < MICRO; i++) {
        for (int j = 0; j < MICRO; j++) {
            acc[i][j] = 0;
        }
    }
    if (kBegin < kEnd) {
        /* both operands take k = k0 + tx: one counter of (batch item, output position), 16 further per step */
        Digits step = digits_of(TILE_K, g.count);
        Digits kq = digits_of(kBegin + tx, g.count);
        T ra[MICRO], rb[MICRO];
        load_grad_step(g, x, xo, gy, gyo, grp, inPositions, outPositions, m0, kBegin + tx, kEnd, kq, ty,
                       colChannel, colDz, colDy, colDx, ra, rb);
        for (int k0 = kBegin; k0 < kEnd; k0 += TILE_K) {
            STAGE(as, 0, ra)
            STAGE(bs, 0, rb)
            BARRIER();
            if (k0 + TILE_K < kEnd) {
                kq = digits_add(kq, step, g.count);
                load_grad_step(g, x, xo, gy, gyo, grp, inPositions, outPositions, m0, k0 + TILE_K + tx, kEnd, kq,
                               ty, colChannel, colDz, colDy, colDx, ra, rb);
            }
            MULTIPLY(as, bs, acc)
            BARRIER();
        }
    }

    long base = dsto + (long) s * sliceStride;
    for (int i = 0; i < MICRO; i++) {
        int m = m0 + MICRO * ty + i;
        for (int j = 0; j < MICRO; j++) {
            int col = n0 + MICRO * tx + j;
            if (m < M && col < N) {
                dst[base + (long) (grp * M + m) * N + col] = acc[i][j];
            }
        }
    }
}
