package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * 2-D and 3-D convolution kernels with PyTorch's semantics (cross-correlation, groups, stride,
 * padding, dilation) on dense row-major NCHW and NCDHW arrays, as im2col followed by a {@link Gemm}
 * per batch item and group: {@code out[b, g] = W[g] · patches(x[b, g])}. Both ranks run the same
 * code: a 2-D convolution is a 3-D one of depth 1 ({@link ConvGeometry}).
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
    /** Multiply-adds per part of the weight gradient's batch-and-columns sum, at the least. */
    private static final long WEIGHT_GRAD_PART_WORK = 1 << 20;
    /** Parts of the weight gradient's sum, at most: partial sums added in a fixed order afterwards. */
    private static final int WEIGHT_GRAD_MAX_PARTS = 16;
    /** Elements of partial weight-gradient buffers, at most, across all parts. */
    private static final long WEIGHT_GRAD_PARTIAL_BUDGET = 1 << 21;
    /** Weight elements per chunk when the partial sums are added together. */
    private static final int REDUCE_GRAIN = 1 << 12;

    private Convolution() {}

    // ---- entry points: 2-D with explicit sizes, 3-D with (depth, height, width) triples ------------

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
        conv(planar(c, o, groups, ConvAxis.forward(h, kh, strideH, padH, dilH), ConvAxis.forward(wd, kw, strideW, padW, dilW)),
                n, x, w, out);
    }

    /** {@link #conv2d} in double precision. */
    public static void conv2d(double[] x, double[] w, double[] out, int n, int c, int h, int wd, int o, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {
        conv(planar(c, o, groups, ConvAxis.forward(h, kh, strideH, padH, dilH), ConvAxis.forward(wd, kw, strideW, padW, dilW)),
                n, x, w, out);
    }

    /**
     * 3-D convolution, {@link #conv2d} with a depth axis: {@code out[b, oc, oz, oy, ox] = Σ x[b, ic,
     * oz*stride[0] - pad[0] + kd*dilation[0], oy*stride[1] - ..., ox*stride[2] - ...] · w[oc,
     * ic - g*C/groups, kd, ki, kj]}.
     *
     * @param x input [n, c, size[0], size[1], size[2]]
     * @param w weights [o, c/groups, kernel[0], kernel[1], kernel[2]]
     * @param out output [n, o, do, ho, wo], overwritten, each output size as in {@link #conv2d}
     * @param size the input's (depth, height, width); kernel, stride, pad and dilation are (d, h, w) triples too
     */
    public static void conv3d(float[] x, float[] w, float[] out, int n, int c, int[] size, int o, int[] kernel,
                              int[] stride, int[] pad, int[] dilation, int groups) {
        conv(volumetric(c, o, groups, size, kernel, stride, pad, dilation), n, x, w, out);
    }

    /** {@link #conv3d} in double precision. */
    public static void conv3d(double[] x, double[] w, double[] out, int n, int c, int[] size, int o, int[] kernel,
                              int[] stride, int[] pad, int[] dilation, int groups) {
        conv(volumetric(c, o, groups, size, kernel, stride, pad, dilation), n, x, w, out);
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
        convTranspose(planar(o, c, groups, ConvAxis.transposed(h, kh, strideH, padH, dilH, outPadH),
                ConvAxis.transposed(wd, kw, strideW, padW, dilW, outPadW)), n, x, w, out);
    }

    /** {@link #convTranspose2d} in double precision. */
    public static void convTranspose2d(double[] x, double[] w, double[] out, int n, int c, int h, int wd, int o,
                                       int kh, int kw, int strideH, int strideW, int padH, int padW,
                                       int dilH, int dilW, int groups, int outPadH, int outPadW) {
        convTranspose(planar(o, c, groups, ConvAxis.transposed(h, kh, strideH, padH, dilH, outPadH),
                ConvAxis.transposed(wd, kw, strideW, padW, dilW, outPadW)), n, x, w, out);
    }

    /**
     * Transposed 3-D convolution, the adjoint of {@link #conv3d} with c and o swapped; sizes as in
     * {@link #convTranspose2d} along each axis.
     *
     * @param x input [n, c, size[0], size[1], size[2]]
     * @param w weights [c, o/groups, kernel[0], kernel[1], kernel[2]]
     * @param out output [n, o, do, ho, wo], overwritten
     * @param size the input's (depth, height, width); the other arrays are (d, h, w) triples too
     */
    public static void convTranspose3d(float[] x, float[] w, float[] out, int n, int c, int[] size, int o, int[] kernel,
                                       int[] stride, int[] pad, int[] dilation, int groups, int[] outputPadding) {
        convTranspose(transposedVolumetric(c, o, groups, size, kernel, stride, pad, dilation, outputPadding), n, x, w, out);
    }

    /** {@link #convTranspose3d} in double precision. */
    public static void convTranspose3d(double[] x, double[] w, double[] out, int n, int c, int[] size, int o, int[] kernel,
                                       int[] stride, int[] pad, int[] dilation, int groups, int[] outputPadding) {
        convTranspose(transposedVolumetric(c, o, groups, size, kernel, stride, pad, dilation, outputPadding), n, x, w, out);
    }

    /**
     * The weight gradient of {@link #conv2d}: {@code gradW[oc, ic, ki, kj] = Σ_b Σ_(oy,ox)
     * gradOut[b, oc, oy, ox] · x[b, g*C/groups + ic, oy*strideH - padH + ki*dilH, ox*strideW - padW
     * + kj*dilW]}, summed over batch items and positions in an order fixed by the shapes (contiguous
     * parts of the batch summed in order, then added part by part), whatever the thread count.
     *
     * @param x input [n, c, h, wd]
     * @param gradOut gradient of the output [n, o, ho, wo]
     * @param gradW weight gradient [o, c/groups, kh, kw], overwritten
     */
    public static void conv2dWeightGrad(float[] x, float[] gradOut, float[] gradW, int n, int c, int h, int wd,
                                        int o, int kh, int kw, int strideH, int strideW, int padH, int padW,
                                        int dilH, int dilW, int groups) {
        weightGrad(planar(c, o, groups, ConvAxis.forward(h, kh, strideH, padH, dilH),
                ConvAxis.forward(wd, kw, strideW, padW, dilW)), n, x, gradOut, gradW);
    }

    /** {@link #conv2dWeightGrad} in double precision. */
    public static void conv2dWeightGrad(double[] x, double[] gradOut, double[] gradW, int n, int c, int h, int wd,
                                        int o, int kh, int kw, int strideH, int strideW, int padH, int padW,
                                        int dilH, int dilW, int groups) {
        weightGrad(planar(c, o, groups, ConvAxis.forward(h, kh, strideH, padH, dilH),
                ConvAxis.forward(wd, kw, strideW, padW, dilW)), n, x, gradOut, gradW);
    }

    /**
     * The weight gradient of {@link #conv3d}, as {@link #conv2dWeightGrad} with a depth axis.
     *
     * @param x input [n, c, size[0], size[1], size[2]]
     * @param gradOut gradient of the output [n, o, do, ho, wo]
     * @param gradW weight gradient [o, c/groups, kernel[0], kernel[1], kernel[2]], overwritten
     */
    public static void conv3dWeightGrad(float[] x, float[] gradOut, float[] gradW, int n, int c, int[] size, int o,
                                        int[] kernel, int[] stride, int[] pad, int[] dilation, int groups) {
        weightGrad(volumetric(c, o, groups, size, kernel, stride, pad, dilation), n, x, gradOut, gradW);
    }

    /** {@link #conv3dWeightGrad} in double precision. */
    public static void conv3dWeightGrad(double[] x, double[] gradOut, double[] gradW, int n, int c, int[] size, int o,
                                        int[] kernel, int[] stride, int[] pad, int[] dilation, int groups) {
        weightGrad(volumetric(c, o, groups, size, kernel, stride, pad, dilation), n, x, gradOut, gradW);
    }

    // ---- the kernels, for any geometry ---------------------------------------------------------

    private static void conv(ConvGeometry g, int n, float[] x, float[] w, float[] out) {
        checkLengths(g, n, x.length, w.length, out.length);
        if (Vectorization.ENABLED && ConvDirectVector.handles(g)) {
            float[] packed = ConvDirectVector.packWeights(w, g);
            ConvDirectVector.conv(g, n, x, packed, out);
            HostArrayPool.give(packed);
            return;
        }
        int patch = g.patchSize();
        int groupOut = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        int chunks = Math.ceilDiv(g.outPositions(), chunk);
        Parallel.forRange(n * g.groups() * chunks, 1, (long) groupOut * patch * chunk, (t0, t1) -> {
            float[] col = g.isPointwise() ? null : HostArrayPool.floats(patch * chunk);
            for (int t = t0; t < t1; t++) {
                int item = t / (g.groups() * chunks);
                int group = t / chunks % g.groups();
                int q0 = t % chunks * chunk;
                int count = Math.min(chunk, g.outPositions() - q0);
                int xOff = (item * g.inChannels() + group * g.groupInChannels()) * g.inPositions();
                int outOff = (item * g.outChannels() + group * groupOut) * g.outPositions() + q0;
                if (g.isPointwise()) {
                    Gemm.gemm(false, false, groupOut, count, patch, w, group * groupOut * patch, patch,
                            x, xOff + q0, g.inPositions(), out, outOff, g.outPositions(), false);
                } else {
                    g.im2col(x, xOff, col, q0, count);
                    Gemm.gemm(false, false, groupOut, count, patch, w, group * groupOut * patch, patch,
                            col, 0, count, out, outOff, g.outPositions(), false);
                }
            }
            if (col != null) {
                HostArrayPool.give(col);
            }
        });
    }

    /** {@link #conv(ConvGeometry, int, float[], float[], float[])} in double precision. */
    private static void conv(ConvGeometry g, int n, double[] x, double[] w, double[] out) {
        checkLengths(g, n, x.length, w.length, out.length);
        int patch = g.patchSize();
        int groupOut = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        int chunks = Math.ceilDiv(g.outPositions(), chunk);
        Parallel.forRange(n * g.groups() * chunks, 1, (long) groupOut * patch * chunk, (t0, t1) -> {
            double[] col = g.isPointwise() ? null : new double[patch * chunk];
            for (int t = t0; t < t1; t++) {
                int item = t / (g.groups() * chunks);
                int group = t / chunks % g.groups();
                int q0 = t % chunks * chunk;
                int count = Math.min(chunk, g.outPositions() - q0);
                int xOff = (item * g.inChannels() + group * g.groupInChannels()) * g.inPositions();
                int outOff = (item * g.outChannels() + group * groupOut) * g.outPositions() + q0;
                if (g.isPointwise()) {
                    Gemm.gemm(false, false, groupOut, count, patch, w, group * groupOut * patch, patch,
                            x, xOff + q0, g.inPositions(), out, outOff, g.outPositions(), false);
                } else {
                    g.im2col(x, xOff, col, q0, count);
                    Gemm.gemm(false, false, groupOut, count, patch, w, group * groupOut * patch, patch,
                            col, 0, count, out, outOff, g.outPositions(), false);
                }
            }
        });
    }

    /**
     * The adjoint of {@link #conv(ConvGeometry, int, float[], float[], float[])}: x has the shape of
     * g's output and {@code out} that of g's input.
     */
    private static void convTranspose(ConvGeometry g, int n, float[] x, float[] w, float[] out) {
        checkLengths(g, n, out.length, w.length, x.length);
        ConvGeometry forward = Vectorization.ENABLED ? ConvDirectVector.transposedAsForward(g) : null;
        if (forward != null) {
            float[] packed = ConvDirectVector.packFlippedTransposedWeights(w, forward);
            ConvDirectVector.conv(forward, n, x, packed, out);
            HostArrayPool.give(packed);
            return;
        }
        int patch = g.patchSize();
        int groupC = g.groupOutChannels();
        // a pointwise layer needs no column buffer: one product over all positions parallelises best
        int chunk = g.isPointwise() ? g.outPositions() : columnsPerChunk(g);
        if (!g.isPointwise()) {
            Arrays.fill(out, 0, n * g.inChannels() * g.inPositions(), 0f);
        }
        // One task per (item, group): chunks of one task add into the same output pixels, so they run in order.
        Parallel.forRange(n * g.groups(), 1, (long) groupC * patch * g.outPositions(), (t0, t1) -> {
            float[] col = g.isPointwise() ? null : HostArrayPool.floats(patch * chunk);
            for (int t = t0; t < t1; t++) {
                int item = t / g.groups();
                int group = t % g.groups();
                int xOff = (item * g.outChannels() + group * groupC) * g.outPositions();
                int outOff = (item * g.inChannels() + group * g.groupInChannels()) * g.inPositions();
                for (int q0 = 0; q0 < g.outPositions(); q0 += chunk) {
                    int count = Math.min(chunk, g.outPositions() - q0);
                    if (g.isPointwise()) {
                        Gemm.gemm(true, false, patch, count, groupC, w, group * groupC * patch, patch,
                                x, xOff + q0, g.outPositions(), out, outOff + q0, g.inPositions(), false);
                    } else {
                        Gemm.gemm(true, false, patch, count, groupC, w, group * groupC * patch, patch,
                                x, xOff + q0, g.outPositions(), col, 0, count, false);
                        g.col2imAdd(col, out, outOff, q0, count);
                    }
                }
            }
            if (col != null) {
                HostArrayPool.give(col);
            }
        });
    }

    /** {@link #convTranspose(ConvGeometry, int, float[], float[], float[])} in double precision. */
    private static void convTranspose(ConvGeometry g, int n, double[] x, double[] w, double[] out) {
        checkLengths(g, n, out.length, w.length, x.length);
        int patch = g.patchSize();
        int groupC = g.groupOutChannels();
        // a pointwise layer needs no column buffer: one product over all positions parallelises best
        int chunk = g.isPointwise() ? g.outPositions() : columnsPerChunk(g);
        if (!g.isPointwise()) {
            Arrays.fill(out, 0, n * g.inChannels() * g.inPositions(), 0.0);
        }
        Parallel.forRange(n * g.groups(), 1, (long) groupC * patch * g.outPositions(), (t0, t1) -> {
            double[] col = g.isPointwise() ? null : new double[patch * chunk];
            for (int t = t0; t < t1; t++) {
                int item = t / g.groups();
                int group = t % g.groups();
                int xOff = (item * g.outChannels() + group * groupC) * g.outPositions();
                int outOff = (item * g.inChannels() + group * g.groupInChannels()) * g.inPositions();
                for (int q0 = 0; q0 < g.outPositions(); q0 += chunk) {
                    int count = Math.min(chunk, g.outPositions() - q0);
                    if (g.isPointwise()) {
                        Gemm.gemm(true, false, patch, count, groupC, w, group * groupC * patch, patch,
                                x, xOff + q0, g.outPositions(), out, outOff + q0, g.inPositions(), false);
                    } else {
                        Gemm.gemm(true, false, patch, count, groupC, w, group * groupC * patch, patch,
                                x, xOff + q0, g.outPositions(), col, 0, count, false);
                        g.col2imAdd(col, out, outOff, q0, count);
                    }
                }
            }
        });
    }

    /**
     * The weight gradient of {@link #conv(ConvGeometry, int, float[], float[], float[])}, overwriting gradW.
     *
     * <p>The (batch item, column chunk) units of each group are cut into {@link #weightGradParts}
     * contiguous parts, a number set by the problem's shape alone. Each part sums its units in order
     * into its own partial gradient (part 0 into gradW itself), and the partials are then added to
     * gradW in part order, so the bits do not depend on the thread count.
     */
    private static void weightGrad(ConvGeometry g, int n, float[] x, float[] gradOut, float[] gradW) {
        checkLengths(g, n, x.length, gradW.length, gradOut.length);
        if (Vectorization.ENABLED && ConvDirectVector.handles(g)) {
            ConvDirectVector.weightGrad(g, n, x, gradOut, gradW);
            return;
        }
        if (Vectorization.ENABLED && ConvDirectVector.handlesPointwiseWeightGrad(g)) {
            ConvDirectVector.pointwiseWeightGrad(g, n, x, gradOut, gradW);
            return;
        }
        int patch = g.patchSize();
        int groupOut = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        int chunks = Math.ceilDiv(g.outPositions(), chunk);
        int units = n * chunks;
        int size = g.outChannels() * patch;
        Arrays.fill(gradW, 0, size, 0f);
        if (units == 0) {
            return;
        }
        int parts = weightGradParts(g, n, units);
        float[][] partials = new float[parts][];
        partials[0] = gradW;
        for (int part = 1; part < parts; part++) {
            partials[part] = HostArrayPool.floats(size);
        }
        long unitCost = (long) groupOut * patch * Math.min(chunk, g.outPositions());
        Parallel.forRange(g.groups() * parts, 1, unitCost * Math.ceilDiv(units, parts), (t0, t1) -> {
            float[] col = g.isPointwise() ? null : HostArrayPool.floats(patch * chunk);
            for (int t = t0; t < t1; t++) {
                int group = t / parts;
                int part = t % parts;
                float[] target = partials[part];
                int u1 = partEnd(units, parts, part);
                for (int u = partEnd(units, parts, part - 1); u < u1; u++) {
                    int item = u / chunks;
                    int q0 = u % chunks * chunk;
                    int count = Math.min(chunk, g.outPositions() - q0);
                    int xOff = (item * g.inChannels() + group * g.groupInChannels()) * g.inPositions();
                    int gradOff = (item * g.outChannels() + group * groupOut) * g.outPositions();
                    if (g.isPointwise()) {
                        Gemm.gemm(false, true, groupOut, patch, count, gradOut, gradOff + q0, g.outPositions(),
                                x, xOff + q0, g.inPositions(), target, group * groupOut * patch, patch, true);
                    } else {
                        g.im2col(x, xOff, col, q0, count);
                        Gemm.gemm(false, true, groupOut, patch, count, gradOut, gradOff + q0, g.outPositions(),
                                col, 0, count, target, group * groupOut * patch, patch, true);
                    }
                }
            }
            if (col != null) {
                HostArrayPool.give(col);
            }
        });
        if (parts > 1) {
            Parallel.forRange(size, REDUCE_GRAIN, parts, (e0, e1) -> {
                for (int part = 1; part < parts; part++) {
                    float[] partial = partials[part];
                    for (int e = e0; e < e1; e++) {
                        gradW[e] += partial[e];
                    }
                }
            });
            for (int part = 1; part < parts; part++) {
                HostArrayPool.give(partials[part]);
            }
        }
    }

    /** {@link #weightGrad(ConvGeometry, int, float[], float[], float[])} in double precision. */
    private static void weightGrad(ConvGeometry g, int n, double[] x, double[] gradOut, double[] gradW) {
        checkLengths(g, n, x.length, gradW.length, gradOut.length);
        int patch = g.patchSize();
        int groupOut = g.groupOutChannels();
        int chunk = columnsPerChunk(g);
        int chunks = Math.ceilDiv(g.outPositions(), chunk);
        int units = n * chunks;
        int size = g.outChannels() * patch;
        Arrays.fill(gradW, 0, size, 0.0);
        if (units == 0) {
            return;
        }
        int parts = weightGradParts(g, n, units);
        double[][] partials = new double[parts][];
        partials[0] = gradW;
        for (int part = 1; part < parts; part++) {
            partials[part] = new double[size];
        }
        long unitCost = (long) groupOut * patch * Math.min(chunk, g.outPositions());
        Parallel.forRange(g.groups() * parts, 1, unitCost * Math.ceilDiv(units, parts), (t0, t1) -> {
            double[] col = g.isPointwise() ? null : new double[patch * chunk];
            for (int t = t0; t < t1; t++) {
                int group = t / parts;
                int part = t % parts;
                double[] target = partials[part];
                int u1 = partEnd(units, parts, part);
                for (int u = partEnd(units, parts, part - 1); u < u1; u++) {
                    int item = u / chunks;
                    int q0 = u % chunks * chunk;
                    int count = Math.min(chunk, g.outPositions() - q0);
                    int xOff = (item * g.inChannels() + group * g.groupInChannels()) * g.inPositions();
                    int gradOff = (item * g.outChannels() + group * groupOut) * g.outPositions();
                    if (g.isPointwise()) {
                        Gemm.gemm(false, true, groupOut, patch, count, gradOut, gradOff + q0, g.outPositions(),
                                x, xOff + q0, g.inPositions(), target, group * groupOut * patch, patch, true);
                    } else {
                        g.im2col(x, xOff, col, q0, count);
                        Gemm.gemm(false, true, groupOut, patch, count, gradOut, gradOff + q0, g.outPositions(),
                                col, 0, count, target, group * groupOut * patch, patch, true);
                    }
                }
            }
        });
        if (parts > 1) {
            Parallel.forRange(size, REDUCE_GRAIN, parts, (e0, e1) -> {
                for (int part = 1; part < parts; part++) {
                    double[] partial = partials[part];
                    for (int e = e0; e < e1; e++) {
                        gradW[e] += partial[e];
                    }
                }
            });
        }
    }

    /**
     * How many parts the weight gradient's units are cut into: enough for {@link #WEIGHT_GRAD_PART_WORK}
     * multiply-adds each, at most {@link #WEIGHT_GRAD_MAX_PARTS} and as many as the partial buffers'
     * budget allows. A function of the shape only, never of the thread count.
     */
    private static int weightGradParts(ConvGeometry g, int n, int units) {
        long work = (long) n * g.outChannels() * g.patchSize() * g.outPositions();
        long byWork = Math.max(1, work / WEIGHT_GRAD_PART_WORK);
        long byMemory = Math.max(1, WEIGHT_GRAD_PARTIAL_BUDGET / Math.max(1, (long) g.outChannels() * g.patchSize()));
        return (int) Math.min(Math.min(byWork, byMemory), Math.min(units, WEIGHT_GRAD_MAX_PARTS));
    }

    /** End of part {@code part} of {@code units} cut into {@code parts} near-equal contiguous parts; 0 for part -1. */
    private static int partEnd(int units, int parts, int part) {
        return (int) ((long) units * (part + 1) / parts);
    }

    // ---- geometry ------------------------------------------------------------------------------

    /** A 2-D convolution: depth 1. */
    private static ConvGeometry planar(int c, int o, int groups, ConvAxis height, ConvAxis width) {
        return new ConvGeometry(c, o, groups, ConvAxis.UNIT, height, width);
    }

    private static ConvGeometry volumetric(int c, int o, int groups, int[] size, int[] kernel, int[] stride, int[] pad,
                                           int[] dilation) {
        checkTriples(size, kernel, stride, pad, dilation);
        ConvAxis[] axes = new ConvAxis[3];
        for (int a = 0; a < 3; a++) {
            axes[a] = ConvAxis.forward(size[a], kernel[a], stride[a], pad[a], dilation[a]);
        }
        return new ConvGeometry(c, o, groups, axes[0], axes[1], axes[2]);
    }

    /** The forward convolution whose adjoint maps x [c, size] to out [o, ...]: o is its input side. */
    private static ConvGeometry transposedVolumetric(int c, int o, int groups, int[] size, int[] kernel, int[] stride,
                                                     int[] pad, int[] dilation, int[] outputPadding) {
        checkTriples(size, kernel, stride, pad, dilation, outputPadding);
        ConvAxis[] axes = new ConvAxis[3];
        for (int a = 0; a < 3; a++) {
            axes[a] = ConvAxis.transposed(size[a], kernel[a], stride[a], pad[a], dilation[a], outputPadding[a]);
        }
        return new ConvGeometry(o, c, groups, axes[0], axes[1], axes[2]);
    }

    private static void checkTriples(int[]... triples) {
        for (int[] t : triples) {
            if (t.length != 3) {
                throw new IllegalArgumentException("3-D conv sizes come as (depth, height, width), got " + Arrays.toString(t));
            }
        }
    }

    /** Checks the arrays of the forward convolution: its input, its weights and its output. */
    private static void checkLengths(ConvGeometry g, int n, int inLength, int weightLength, int outLength) {
        if (n < 0) {
            throw new IllegalArgumentException("conv batch size must be >= 0: " + n);
        }
        requireLength("conv input", inLength, (long) n * g.inChannels() * g.inPositions());
        requireLength("conv weight", weightLength, (long) g.outChannels() * g.patchSize());
        requireLength("conv output", outLength, (long) n * g.outChannels() * g.outPositions());
    }

    private static void requireLength(String what, int length, long needed) {
        if (length < needed) {
            throw new IllegalArgumentException(what + " array holds " + length + " elements, needs " + needed);
        }
    }

    private static int columnsPerChunk(ConvGeometry g) {
        return Math.clamp(COLUMN_BUFFER / Math.max(1, g.patchSize()), 1, g.outPositions());
    }
}
