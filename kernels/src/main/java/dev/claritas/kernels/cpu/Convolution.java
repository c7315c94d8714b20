package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * 2-D convolution kernels with PyTorch's semantics (cross-correlation, groups, stride, padding,
 * dilation) on dense row-major NCHW arrays, as im2col followed by a {@link Gemm} per batch item and
 * group: {@code out[b, g] = W[g] · patches(x[b, g])}.
 *
 * <p>The patch matrix is built a bounded number of columns at a time ({@link #COLUMN_BUFFER}), so
 * large images need no large scratch array. Every sum runs in an order fixed by the shapes alone,
 * so results are bitwise reproducible whatever the thread count.
 */
public final class Convolution {
    /**
     * Elements of patch matrix built at once per task (1 MiB of floats): small enough to stay in
     * the L2 cache while the GEMM reads it, large enough that GEMMs stay efficient.
     */
    private static final int COLUMN_BUFFER = 1 << 18;

    private Convolution() {}

    /**
     * Convolution: {@code out[b, oc, oy, ox] = Σ x[b, ic, oy*strideH - padH + ki*dilH, ox*strideW
     * - padW + kj*dilW] · w[oc, ic - g*C/groups, ki, kj]} over the input channels ic of the group g
     * of oc and the kernel taps (ki, kj), with zeros outside the input.
     *
     * @param x input [n, c, h, wd]
     * @param w weights [o, c/groups, kh, kw]
     * @param out output [n, o, ho, wo], overwritten, where {@code ho = (h + 2*padH - dilH*(kh-1) - 1) / strideH + 1}
     *     and likewise wo
     */
    public static void conv2d(float[] x, float[] w, float[] out, int n, int c, int h, int wd, int o, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {
        ConvGeometry g = forward(c, h, wd, o, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups);
        checkLengths(g, n, x.length, w.length, out.length);
        int patch = g.patchSize();
        int groupOut = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        int chunks = Math.ceilDiv(g.outPlane(), chunk);
        Parallel.forRange(n * g.groups() * chunks, 1, (long) groupOut * patch * chunk, (t0, t1) -> {
            float[] col = g.isPointwise() ? null : new float[patch * chunk];
            for (int t = t0; t < t1; t++) {
                int item = t / (g.groups() * chunks);
                int group = t / chunks % g.groups();
                int q0 = t % chunks * chunk;
                int count = Math.min(chunk, g.outPlane() - q0);
                int xOff = (item * c + group * g.groupInChannels()) * g.inPlane();
                int outOff = (item * o + group * groupOut) * g.outPlane() + q0;
                if (g.isPointwise()) {
                    Gemm.gemm(false, false, groupOut, count, patch, w, group * groupOut * patch, patch,
                            x, xOff + q0, g.inPlane(), out, outOff, g.outPlane(), false);
                } else {
                    g.im2col(x, xOff, col, q0, count);
                    Gemm.gemm(false, false, groupOut, count, patch, w, group * groupOut * patch, patch,
                            col, 0, count, out, outOff, g.outPlane(), false);
                }
            }
        });
    }

    /** {@link #conv2d} in double precision. */
    public static void conv2d(double[] x, double[] w, double[] out, int n, int c, int h, int wd, int o, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {
        ConvGeometry g = forward(c, h, wd, o, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups);
        checkLengths(g, n, x.length, w.length, out.length);
        int patch = g.patchSize();
        int groupOut = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        int chunks = Math.ceilDiv(g.outPlane(), chunk);
        Parallel.forRange(n * g.groups() * chunks, 1, (long) groupOut * patch * chunk, (t0, t1) -> {
            double[] col = g.isPointwise() ? null : new double[patch * chunk];
            for (int t = t0; t < t1; t++) {
                int item = t / (g.groups() * chunks);
                int group = t / chunks % g.groups();
                int q0 = t % chunks * chunk;
                int count = Math.min(chunk, g.outPlane() - q0);
                int xOff = (item * c + group * g.groupInChannels()) * g.inPlane();
                int outOff = (item * o + group * groupOut) * g.outPlane() + q0;
                if (g.isPointwise()) {
                    Gemm.gemm(false, false, groupOut, count, patch, w, group * groupOut * patch, patch,
                            x, xOff + q0, g.inPlane(), out, outOff, g.outPlane(), false);
                } else {
                    g.im2col(x, xOff, col, q0, count);
                    Gemm.gemm(false, false, groupOut, count, patch, w, group * groupOut * patch, patch,
                            col, 0, count, out, outOff, g.outPlane(), false);
                }
            }
        });
    }

    /**
     * Transposed convolution, the adjoint of {@link #conv2d} with c and o swapped: each input pixel
     * scatters {@code x[b, ic, iy, ix] · w[ic, oc - g*O/groups, ki, kj]} to output pixel
     * {@code (iy*strideH - padH + ki*dilH, ix*strideW - padW + kj*dilW)} when it lies inside.
     *
     * @param x input [n, c, h, wd]
     * @param w weights [c, o/groups, kh, kw]
     * @param out output [n, o, ho, wo], overwritten, where
     *     {@code ho = (h-1)*strideH - 2*padH + dilH*(kh-1) + outPadH + 1} and likewise wo
     */
    public static void convTranspose2d(float[] x, float[] w, float[] out, int n, int c, int h, int wd, int o,
                                       int kh, int kw, int strideH, int strideW, int padH, int padW,
                                       int dilH, int dilW, int groups, int outPadH, int outPadW) {
        ConvGeometry g = transposed(c, h, wd, o, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups,
                outPadH, outPadW);
        // In the forward geometry x is the output side and out the input side.
        checkLengths(g, n, out.length, w.length, x.length);
        int patch = g.patchSize();
        int groupC = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        if (!g.isPointwise()) {
            Arrays.fill(out, 0, n * g.inChannels() * g.inPlane(), 0f);
        }
        // One task per (item, group): chunks of one task add into the same output pixels, so they run in order.
        Parallel.forRange(n * g.groups(), 1, (long) groupC * patch * g.outPlane(), (t0, t1) -> {
            float[] col = g.isPointwise() ? null : new float[patch * chunk];
            for (int t = t0; t < t1; t++) {
                int item = t / g.groups();
                int group = t % g.groups();
                int xOff = (item * c + group * groupC) * g.outPlane();
                int outOff = (item * o + group * g.groupInChannels()) * g.inPlane();
                for (int q0 = 0; q0 < g.outPlane(); q0 += chunk) {
                    int count = Math.min(chunk, g.outPlane() - q0);
                    if (g.isPointwise()) {
                        Gemm.gemm(true, false, patch, count, groupC, w, group * groupC * patch, patch,
                                x, xOff + q0, g.outPlane(), out, outOff + q0, g.inPlane(), false);
                    } else {
                        Gemm.gemm(true, false, patch, count, groupC, w, group * groupC * patch, patch,
                                x, xOff + q0, g.outPlane(), col, 0, count, false);
                        g.col2imAdd(col, out, outOff, q0, count);
                    }
                }
            }
        });
    }

    /** {@link #convTranspose2d} in double precision. */
    public static void convTranspose2d(double[] x, double[] w, double[] out, int n, int c, int h, int wd, int o,
                                       int kh, int kw, int strideH, int strideW, int padH, int padW,
                                       int dilH, int dilW, int groups, int outPadH, int outPadW) {
        ConvGeometry g = transposed(c, h, wd, o, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups,
                outPadH, outPadW);
        checkLengths(g, n, out.length, w.length, x.length);
        int patch = g.patchSize();
        int groupC = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        if (!g.isPointwise()) {
            Arrays.fill(out, 0, n * g.inChannels() * g.inPlane(), 0.0);
        }
        Parallel.forRange(n * g.groups(), 1, (long) groupC * patch * g.outPlane(), (t0, t1) -> {
            double[] col = g.isPointwise() ? null : new double[patch * chunk];
            for (int t = t0; t < t1; t++) {
                int item = t / g.groups();
                int group = t % g.groups();
                int xOff = (item * c + group * groupC) * g.outPlane();
                int outOff = (item * o + group * g.groupInChannels()) * g.inPlane();
                for (int q0 = 0; q0 < g.outPlane(); q0 += chunk) {
                    int count = Math.min(chunk, g.outPlane() - q0);
                    if (g.isPointwise()) {
                        Gemm.gemm(true, false, patch, count, groupC, w, group * groupC * patch, patch,
                                x, xOff + q0, g.outPlane(), out, outOff + q0, g.inPlane(), false);
                    } else {
                        Gemm.gemm(true, false, patch, count, groupC, w, group * groupC * patch, patch,
                                x, xOff + q0, g.outPlane(), col, 0, count, false);
                        g.col2imAdd(col, out, outOff, q0, count);
                    }
                }
            }
        });
    }

    /**
     * The weight gradient of {@link #conv2d}: {@code gradW[oc, ic, ki, kj] = Σ_b Σ_(oy,ox)
     * gradOut[b, oc, oy, ox] · x[b, g*C/groups + ic, oy*strideH - padH + ki*dilH, ox*strideW - padW
     * + kj*dilW]}, summed over batch items in order.
     *
     * @param x input [n, c, h, wd]
     * @param gradOut gradient of the output [n, o, ho, wo]
     * @param gradW weight gradient [o, c/groups, kh, kw], overwritten
     */
    public static void conv2dWeightGrad(float[] x, float[] gradOut, float[] gradW, int n, int c, int h, int wd,
                                        int o, int kh, int kw, int strideH, int strideW, int padH, int padW,
                                        int dilH, int dilW, int groups) {
        ConvGeometry g = forward(c, h, wd, o, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups);
        checkLengths(g, n, x.length, gradW.length, gradOut.length);
        int patch = g.patchSize();
        int groupOut = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        Arrays.fill(gradW, 0, o * patch, 0f);
        // One task per group: its GEMMs all add into that group's weights, so they run in order.
        Parallel.forRange(g.groups(), 1, (long) n * groupOut * patch * g.outPlane(), (g0, g1) -> {
            float[] col = g.isPointwise() ? null : new float[patch * chunk];
            for (int group = g0; group < g1; group++) {
                for (int item = 0; item < n; item++) {
                    int xOff = (item * c + group * g.groupInChannels()) * g.inPlane();
                    int gradOff = (item * o + group * groupOut) * g.outPlane();
                    for (int q0 = 0; q0 < g.outPlane(); q0 += chunk) {
                        int count = Math.min(chunk, g.outPlane() - q0);
                        if (g.isPointwise()) {
                            Gemm.gemm(false, true, groupOut, patch, count, gradOut, gradOff + q0, g.outPlane(),
                                    x, xOff + q0, g.inPlane(), gradW, group * groupOut * patch, patch, true);
                        } else {
                            g.im2col(x, xOff, col, q0, count);
                            Gemm.gemm(false, true, groupOut, patch, count, gradOut, gradOff + q0, g.outPlane(),
                                    col, 0, count, gradW, group * groupOut * patch, patch, true);
                        }
                    }
                }
            }
        });
    }

    /** {@link #conv2dWeightGrad} in double precision. */
    public static void conv2dWeightGrad(double[] x, double[] gradOut, double[] gradW, int n, int c, int h, int wd,
                                        int o, int kh, int kw, int strideH, int strideW, int padH, int padW,
                                        int dilH, int dilW, int groups) {
        ConvGeometry g = forward(c, h, wd, o, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups);
        checkLengths(g, n, x.length, gradW.length, gradOut.length);
        int patch = g.patchSize();
        int groupOut = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        Arrays.fill(gradW, 0, o * patch, 0.0);
        Parallel.forRange(g.groups(), 1, (long) n * groupOut * patch * g.outPlane(), (g0, g1) -> {
            double[] col = g.isPointwise() ? null : new double[patch * chunk];
            for (int group = g0; group < g1; group++) {
                for (int item = 0; item < n; item++) {
                    int xOff = (item * c + group * g.groupInChannels()) * g.inPlane();
                    int gradOff = (item * o + group * groupOut) * g.outPlane();
                    for (int q0 = 0; q0 < g.outPlane(); q0 += chunk) {
                        int count = Math.min(chunk, g.outPlane() - q0);
                        if (g.isPointwise()) {
                            Gemm.gemm(false, true, groupOut, patch, count, gradOut, gradOff + q0, g.outPlane(),
                                    x, xOff + q0, g.inPlane(), gradW, group * groupOut * patch, patch, true);
                        } else {
                            g.im2col(x, xOff, col, q0, count);
                            Gemm.gemm(false, true, groupOut, patch, count, gradOut, gradOff + q0, g.outPlane(),
                                    col, 0, count, gradW, group * groupOut * patch, patch, true);
                        }
                    }
                }
            }
        });
    }

    private static ConvGeometry forward(int c, int h, int wd, int o, int kh, int kw, int strideH, int strideW,
                                        int padH, int padW, int dilH, int dilW, int groups) {
        int ho = ConvGeometry.outSize(h, kh, strideH, padH, dilH);
        int wo = ConvGeometry.outSize(wd, kw, strideW, padW, dilW);
        return new ConvGeometry(c, h, wd, o, ho, wo, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups);
    }

    /** The forward convolution whose adjoint maps x [c, h, wd] to out [o, ho, wo]. */
    private static ConvGeometry transposed(int c, int h, int wd, int o, int kh, int kw, int strideH, int strideW,
                                           int padH, int padW, int dilH, int dilW, int groups,
                                           int outPadH, int outPadW) {
        if (outPadH < 0 || outPadW < 0) {
            throw new IllegalArgumentException("conv output padding must be >= 0: " + outPadH + ", " + outPadW);
        }
        int ho = (h - 1) * strideH - 2 * padH + dilH * (kh - 1) + outPadH + 1;
        int wo = (wd - 1) * strideW - 2 * padW + dilW * (kw - 1) + outPadW + 1;
        return new ConvGeometry(o, ho, wo, c, h, wd, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups);
    }

    /** Checks the arrays of the forward convolution: its input, its weights and its output. */
    private static void checkLengths(ConvGeometry g, int n, int inLength, int weightLength, int outLength) {
        if (n < 0) {
            throw new IllegalArgumentException("conv batch size must be >= 0: " + n);
        }
        requireLength("conv input", inLength, (long) n * g.inChannels() * g.inPlane());
        requireLength("conv weight", weightLength, (long) g.outChannels() * g.patchSize());
        requireLength("conv output", outLength, (long) n * g.outChannels() * g.outPlane());
    }

    private static void requireLength(String what, int length, long needed) {
        if (length < needed) {
            throw new IllegalArgumentException(what + " array holds " + length + " elements, needs " + needed);
        }
    }

    private static int columnsPerChunk(ConvGeometry g) {
        return Math.clamp(COLUMN_BUFFER / Math.max(1, g.patchSize()), 1, g.outPlane());
    }
}
