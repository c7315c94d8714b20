package dev.claritas.kernels.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct single-precision convolution for stride 1 and one group, without a patch matrix (load only
 * when {@link Vectorization#ENABLED}).
 *
 * <p>Each input channel is read from a zero-padded copy of (dp, hp, wp) = the input's size plus the
 * padding on both sides (the forward kernel copies it a band at a time, {@link ConvBands}). In that
 * padded layout output position (z, y, x) and kernel tap
 * (kd, ki, kj) read the flat index {@code (z*hp + y)*wp + x + tap}, with the tap's offset
 * {@code (kd*dilD*hp + ki*dilH)*wp + kj*dilW} the same for every position. So, with the output laid
 * out in the same pitch, the convolution is a one-dimensional correlation along the flat index, and
 * runs of consecutive positions are consecutive in memory for every tap: each is one vector load. The
 * positions of the pitch that lie past the output's rows and columns (the padding's width, 2 of 322
 * columns for a 3×3 kernel on 320²) are computed with the rest and dropped when the tile is written.
 *
 * <p>The register tile is {@link #OB} output channels × {@link #Q} flat positions (four vectors):
 * per input channel and tap, four loads and four weight broadcasts feed 16 fused multiply-adds (of
 * the shapes tried, 4×4 and 8×2 ran fastest, 8×3 at a third of their speed). Each output is one chain
 * over (input channel, tap) in increasing order from zero, so the bits do not depend on the thread
 * count. The tile needs 21 vector registers: the path is taken only where
 * {@link FloatVector#SPECIES_PREFERRED} has 16 lanes (AVX-512, with 32 registers).
 */
final class ConvDirectVector {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int V = SPECIES.length();
    /** Output channels per register tile. */
    static final int OB = 4;
    /** Flat output positions per register tile. */
    private static final int Q = 4 * V;
    /** Padded input per band: its window stays in L2 while the band's tiles read it. */
    private static final long BAND_BYTES = 256 << 10;
    /** Flat positions per pass of {@link #weightGradByLanes} over one tile's eight rows (16 KiB: they stay in L1). */
    private static final int GRAD_CHUNK = 512;
    /** {@link #weightGradByLanes} tiles (OB channels × OB patch rows) per parallel task. */
    private static final int GRAD_TILES_PER_TASK = 8;
    /** Partial sums of one {@link #weightGradByLanes} tile: OB × OB vectors. */
    private static final int TILE_SUMS = OB * OB * V;
    /** Patch rows and output channels (two vectors) of a weight-gradient register tile. */
    private static final int WR = 8, WO = 2 * V;
    /** Positions per chunk of the weight gradient: its transposed output gradient (WO channels, 32 KiB) stays in L1 while every row tile reads it. */
    private static final int W_CHUNK = 256;
    /**
     * Most row tiles a {@link #weightGrad} task computes from one transposed chunk: the more, the
     * fewer times the chunk is transposed; the fewer, the less of the input a chunk's pass reads.
     */
    private static final int W_GROUP_TILES = 72;
    /** Fewest {@link #weightGrad} tasks that position parts are added to reach: parts are summed apart, then added in order. */
    private static final int W_TASKS = 16;
    /** Most floats of {@link #weightGrad}'s partial gradients. */
    private static final long W_PARTIAL_BUDGET = 1 << 21;
    /** Fewest patch rows for which the weight gradient's transposed GEMM pays: four register tiles. */
    private static final int W_MIN_ROWS = 4 * WR;

    private ConvDirectVector() {}

    /**
     * Whether {@link #conv} computes g: stride 1 along every axis, one group, 32-register vectors, and
     * a kernel that needs a patch (a pointwise convolution is a plain GEMM already). Output channels
     * that do not fill the last tile (a 32 → 1 output layer) are computed with zero weights and dropped.
     */
    static boolean handles(ConvGeometry g) {
        return V == 16 && g.groups() == 1 && !g.isPointwise()
                && g.depth().stride() == 1 && g.height().stride() == 1 && g.width().stride() == 1;
    }

    /** Register-tile blocks of OB output channels that cover o channels. */
    private static int blocks(int o) {
        return Math.ceilDiv(o, OB);
    }

    /**
     * The forward convolution that equals the transposed convolution described by g (the adjoint of
     * g): with stride 1 it correlates its input with the kernel flipped along every axis and the
     * channel roles swapped, padded by {@code dilation*(kernel-1) - pad}; null when that padding is
     * negative or the sizes do not match (an output padding), or {@link #handles} refuses it.
     */
    static ConvGeometry transposedAsForward(ConvGeometry g) {
        if (g.groups() != 1) {
            return null;
        }
        ConvAxis depth = flipped(g.depth()), height = flipped(g.height()), width = flipped(g.width());
        if (depth == null || height == null || width == null) {
            return null;
        }
        ConvGeometry forward = new ConvGeometry(g.outChannels(), g.inChannels(), 1, depth, height, width);
        return handles(forward) ? forward : null;
    }

    /** The axis of the flipped-kernel correlation that maps a transposed axis' output size back to its input size. */
    private static ConvAxis flipped(ConvAxis axis) {
        int pad = axis.dilation() * (axis.kernel() - 1) - axis.pad();
        if (axis.stride() != 1 || pad < 0) {
            return null;
        }
        ConvAxis forward = ConvAxis.forward(axis.out(), axis.kernel(), 1, pad, axis.dilation());
        return forward.out() == axis.in() ? forward : null;
    }

    /**
     * Weights [o, c, taps] in tile order: [⌈o/OB⌉, c, taps, OB], zero for the channels past o that
     * fill the last block.
     */
    static float[] packWeights(float[] w, ConvGeometry g) {
        int o = g.outChannels(), c = g.inChannels(), taps = g.taps();
        float[] packed = HostArrayPool.floats(blocks(o) * OB * c * taps);
        for (int oc = 0; oc < o; oc++) {
            int block = oc / OB, lane = oc % OB;
            for (int ic = 0; ic < c; ic++) {
                for (int t = 0; t < taps; t++) {
                    packed[((block * c + ic) * taps + t) * OB + lane] = w[(oc * c + ic) * taps + t];
                }
            }
        }
        return packed;
    }

    /**
     * Transposed-convolution weights [c, o, taps] of the adjoint of {@link #transposedAsForward}'s
     * argument, flipped along every axis (the flat tap index reversed) and packed in tile order for
     * the forward geometry f, whose input channels are c and output channels o.
     */
    static float[] packFlippedTransposedWeights(float[] w, ConvGeometry f) {
        int o = f.outChannels(), c = f.inChannels(), taps = f.taps();
        float[] packed = HostArrayPool.floats(blocks(o) * OB * c * taps);
        for (int ic = 0; ic < c; ic++) {
            for (int oc = 0; oc < o; oc++) {
                int block = oc / OB, lane = oc % OB;
                for (int t = 0; t < taps; t++) {
                    packed[((block * c + ic) * taps + t) * OB + lane] = w[(ic * o + oc) * taps + taps - 1 - t];
                }
            }
        }
        return packed;
    }

    /**
     * {@code out[b, oc, z, y, x] = Σ_(ic, tap) x[b, ic, padded position + tap] · w[oc, ic, tap]} for a
     * geometry {@link #handles} accepts, with weights from {@link #packWeights} or
     * {@link #packFlippedTransposedWeights}; out is overwritten.
     *
     * <p>Each task takes one band of one batch item ({@link ConvBands}): it copies the band's window of
     * the padded input into a buffer that stays in L2 and computes the band's tiles from it, so no
     * padded copy of the whole input is allocated. The bands do not change the bits: each output is
     * one chain over (input channel, tap) in increasing order from zero.
     */
    static void conv(ConvGeometry g, int n, float[] x, float[] packedW, float[] out) {
        PaddedVolume pad = new PaddedVolume(g);
        int c = g.inChannels(), o = g.outChannels();
        // enough bands to give each thread a few, as long as each still fills L2
        int tiles = Math.ceilDiv(pad.outEnd(g), Q);
        ConvBands bands = ConvBands.of(g, pad, Q, BAND_BYTES, Math.ceilDiv(n * tiles, 4 * Parallel.threads()));
        int[] taps = pad.tapOffsets(g);
        boolean threeByThree = g.taps() == 9 && g.height().kernel() == 3 && g.width().kernel() == 3;
        int rowStep = threeByThree ? taps[3] : 0, colStep = threeByThree ? taps[1] : 0;
        int blocks = blocks(o);
        int outPositions = g.outPositions();
        int pitch = bands.pitch();
        long costPerBand = (long) o * c * taps.length * bands.tiles() * Q;
        Parallel.forRange(n * bands.count(), costPerBand, (t0, t1) -> {
            // slack past the last channel's window: a tile may read up to a unit and a tile's length beyond it
            float[] window = HostArrayPool.floats(Math.addExact(Math.multiplyExact(c, pitch), Q + bands.unit()));
            float[] tile = new float[OB * Q];
            for (int t = t0; t < t1; t++) {
                int item = t / bands.count(), b = t % bands.count();
                pad.copyBand(g, bands, x, item, b, window);
                int windowStart = bands.firstUnit(b) * bands.unit();
                int end = bands.end(b);
                for (int q0 = bands.start(b); q0 < end; q0 += Q) {
                    for (int block = 0; block < blocks; block++) {
                        if (threeByThree) {
                            tile9(window, q0 - windowStart, pitch, c, rowStep, colStep, packedW,
                                    block * c * taps.length * OB, tile);
                        } else {
                            tile(window, q0 - windowStart, pitch, c, taps, packedW, block * c * taps.length * OB, tile);
                        }
                        pad.writeTile(g, tile, Q, Math.min(OB, o - block * OB), out,
                                (item * o + block * OB) * outPositions, outPositions, q0, end);
                    }
                }
            }
            HostArrayPool.give(window);
        });
    }

    /**
     * The weight gradient of {@link #conv} for a geometry {@link #handles} accepts, overwriting gradW
     * [o, c, taps]: {@code gradW[oc, ic, t] = Σ_b Σ_q gradOut[b, oc, q] · x[b, ic, q + taps[t]]} over
     * the flat positions q of the padded pitch, where gradOut is laid out with zeros at the positions
     * past the output's rows. That is a product of gradOut's rows with the rows (ic, t) of the patch
     * matrix, and each of those is a window of a padded input channel: no patch matrix is built.
     *
     * <p>It runs as a GEMM whose inner dimension is the positions, {@link #W_CHUNK} at a time: a
     * chunk of gradOut is transposed into a buffer of {@link #WO} channels per position
     * ({@link PaddedVolume#transposeOutputChunk}), so that a register tile of {@link #WR} patch rows
     * × WO channels takes one broadcast of each row's input and two vector loads per position, as the
     * GEMM micro-kernel does (a tile with the positions along the vectors instead, summing lanes at
     * the end, needs eight vector loads per 16 multiply-adds and ran 0–11 % slower); every row tile
     * then reads the chunk while it is in L1, so the transposition is neither written to memory nor
     * read back. The (batch item, chunk) units are cut into contiguous parts, as many as the shape
     * allows ({@link #weightGradParts}); each task owns one part of a group of row tiles (up to
     * {@link #W_GROUP_TILES}) of one panel and sums its units in order into its own partial
     * gradient, and the partials are then added in part order: the bits do not depend on the thread
     * count.
     */
    static void weightGrad(ConvGeometry g, int n, float[] x, float[] gradOut, float[] gradW) {
        // few patch rows: the transposition costs more than it serves; few channels: most of a panel is zeros
        if (g.inChannels() * g.taps() < W_MIN_ROWS || g.outChannels() < WO / 2) {
            weightGradByLanes(g, n, x, gradOut, gradW);
            return;
        }
        PaddedVolume pad = new PaddedVolume(g);
        int length = Math.ceilDiv(pad.outEnd(g), V) * V;
        float[] padded = pad.copy(g, x, n, V);
        int c = g.inChannels(), o = g.outChannels();
        int panels = Math.ceilDiv(o, WO);
        int[] rowOffset = pad.patchRowOffsets(g);
        int rows = rowOffset.length;
        int rowTiles = Math.ceilDiv(rows, WR);
        int volume = pad.volume();
        int chunks = Math.ceilDiv(length, W_CHUNK);
        int units = n * chunks;
        int groups = Math.ceilDiv(rowTiles, W_GROUP_TILES), groupTiles = Math.ceilDiv(rowTiles, groups);
        int parts = weightGradParts(units, groups * panels, o * rows);
        float[] partials = parts == 1 ? gradW : HostArrayPool.floatsUninitialized(Math.multiplyExact(parts, o * rows));
        long costPerTask = (long) Math.ceilDiv(units, parts) * W_CHUNK * groupTiles * WR * WO;
        Parallel.forRange(parts * groups * panels, costPerTask, (t0, t1) -> {
            float[] sums = HostArrayPool.floatsUninitialized(groupTiles * WR * WO);
            float[] chunk = new float[W_CHUNK * WO];
            int[] rowStart = new int[WR];
            for (int t = t0; t < t1; t++) {
                int part = t / (groups * panels), group = t / panels % groups, panel = t % panels;
                int rt0 = group * groupTiles, rt1 = Math.min(rowTiles, rt0 + groupTiles);
                Arrays.fill(sums, 0f);
                for (int u = partStart(units, parts, part), u1 = partStart(units, parts, part + 1); u < u1; u++) {
                    int item = u / chunks;
                    int q0 = u % chunks * W_CHUNK, q1 = Math.min(length, q0 + W_CHUNK);
                    pad.transposeOutputChunk(g, gradOut, item, panel, WO, q0, q1, chunk);
                    for (int rt = rt0; rt < rt1; rt++) {
                        for (int i = 0; i < WR; i++) {
                            // a row past the last repeats it; its sums are not written
                            rowStart[i] = item * c * volume + rowOffset[Math.min(rt * WR + i, rows - 1)];
                        }
                        weightTile(padded, rowStart, chunk, -q0 * WO, q0, q1, sums, (rt - rt0) * WR * WO);
                    }
                }
                int out = part * o * rows;
                for (int r = rt0 * WR; r < Math.min(rows, rt1 * WR); r++) {
                    for (int j = 0; j < WO && panel * WO + j < o; j++) {
                        partials[out + (panel * WO + j) * rows + r] = sums[(r - rt0 * WR) * WO + j];
                    }
                }
            }
            HostArrayPool.give(sums);
        });
        if (parts > 1) {
            // the parts' sums added in part order
            Parallel.forRange(o * rows, parts, (e0, e1) -> {
                for (int e = e0; e < e1; e++) {
                    float total = partials[e];
                    for (int part = 1; part < parts; part++) {
                        total += partials[part * o * rows + e];
                    }
                    gradW[e] = total;
                }
            });
            HostArrayPool.give(partials);
        }
        HostArrayPool.give(padded);
    }

    /**
     * Parts {@link #weightGrad}'s units are cut into: with the tasks the row groups and panels make
     * already, enough for every thread of a large machine to have several ({@link #W_TASKS}), as
     * long as the partial gradients stay within {@link #W_PARTIAL_BUDGET} floats; a function of the
     * shape alone.
     */
    private static int weightGradParts(int units, int tasks, int gradientSize) {
        long byMemory = Math.max(1, W_PARTIAL_BUDGET / gradientSize);
        return (int) Math.min(units, Math.min(Math.ceilDiv(W_TASKS, tasks), byMemory));
    }

    /** The first unit of part {@code part} when {@code units} are cut into {@code parts} contiguous parts. */
    private static int partStart(int units, int parts, int part) {
        return (int) ((long) units * part / parts);
    }

    /**
     * {@link #weightGrad} for patches of fewer than {@link #W_MIN_ROWS} rows (a first layer's one
     * input channel), where the output gradient's transposed copy would cost more than the
     * multiply-adds it serves, and for fewer than WO/2 output channels (a 32 → 1 output layer), where
     * most of each WO-channel panel would be zeros: the positions run along the vectors instead. A register tile holds OB
     * channels × OB patch rows, one vector of partial sums each, over {@link #GRAD_CHUNK} positions at
     * a time (its eight rows stay in L1); each task owns some tiles and sums every batch item and
     * position for them in order, then adds each vector's lanes in order: the bits do not depend on
     * the thread count.
     */
    private static void weightGradByLanes(ConvGeometry g, int n, float[] x, float[] gradOut, float[] gradW) {
        PaddedVolume pad = new PaddedVolume(g);
        int length = Math.ceilDiv(pad.outEnd(g), V) * V;
        float[] padded = pad.copy(g, x, n, V);
        float[] grads = pad.copyOutput(g, gradOut, n, g.outChannels(), length);
        sumByLanes(padded, g.inChannels() * pad.volume(), pad.patchRowOffsets(g), grads, length, g.outChannels(), n,
                GRAD_TILES_PER_TASK, gradW);
        HostArrayPool.give(padded);
        HostArrayPool.give(grads);
    }

    /**
     * {@code gradW[oc, r] = Σ_b Σ_q grads[(b*o + oc)*length + q] · in[b*inItem + rowOffset[r] + q]}
     * over q in {@code [0, length)}: the kernel of {@link #weightGradByLanes} and
     * {@link #pointwiseWeightGrad}. Each task owns {@code tilesPerTask} register tiles of one block
     * of OB channels and sums every batch item and position for them in order, {@link #GRAD_CHUNK}
     * positions at a time, the positions past the last whole vector added to their lanes one by one;
     * then each vector's lanes are added in order.
     */
    private static void sumByLanes(float[] in, int inItem, int[] rowOffset, float[] grads, int length, int o, int n,
                                   int tilesPerTask, float[] gradW) {
        int rows = rowOffset.length;
        int rowBlocks = Math.ceilDiv(rows, OB);
        int whole = length / V * V;
        int tasksPerBlock = Math.ceilDiv(rowBlocks, tilesPerTask);
        long costPerTask = (long) n * length * OB * OB * tilesPerTask;
        Parallel.forRange(blocks(o) * tasksPerBlock, costPerTask, (t0, t1) -> {
            float[] sums = new float[tilesPerTask * TILE_SUMS];
            int[] rowStart = new int[OB], gradStart = new int[OB];
            for (int t = t0; t < t1; t++) {
                int ocBlock = t / tasksPerBlock;
                int rb0 = t % tasksPerBlock * tilesPerTask;
                int rb1 = Math.min(rowBlocks, rb0 + tilesPerTask);
                Arrays.fill(sums, 0f);
                for (int item = 0; item < n; item++) {
                    for (int i = 0; i < OB; i++) {
                        // a channel past the last repeats it; its sums are not written
                        gradStart[i] = (item * o + Math.min(ocBlock * OB + i, o - 1)) * length;
                    }
                    for (int q0 = 0; q0 < length; q0 += GRAD_CHUNK) {
                        int q1 = Math.min(length, q0 + GRAD_CHUNK);
                        for (int rb = rb0; rb < rb1; rb++) {
                            for (int j = 0; j < OB; j++) {
                                // a row past the last repeats it; its sums are not written
                                rowStart[j] = item * inItem + rowOffset[Math.min(rb * OB + j, rows - 1)];
                            }
                            int base = (rb - rb0) * TILE_SUMS;
                            gradTile(grads, gradStart, in, rowStart, q0, Math.min(q1, whole), sums, base);
                            for (int q = Math.max(q0, whole); q < q1; q++) {
                                for (int i = 0; i < OB; i++) {
                                    for (int j = 0; j < OB; j++) {
                                        int lane = base + (i * OB + j) * V + q - whole;
                                        sums[lane] = Math.fma(grads[gradStart[i] + q], in[rowStart[j] + q], sums[lane]);
                                    }
                                }
                            }
                        }
                    }
                }
                for (int rb = rb0; rb < rb1; rb++) {
                    for (int i = 0; i < OB && ocBlock * OB + i < o; i++) {
                        for (int j = 0; j < OB && rb * OB + j < rows; j++) {
                            gradW[(ocBlock * OB + i) * rows + rb * OB + j] =
                                    sumLanes(sums, (rb - rb0) * TILE_SUMS + (i * OB + j) * V);
                        }
                    }
                }
            }
        });
    }

    /**
     * Whether {@link #pointwiseWeightGrad} computes g's weight gradient: a pointwise convolution
     * (1×1, stride 1, no padding) of one group to fewer than WO/2 output channels, such as a
     * 32 → 1 output layer. As a GEMM that is a product with a transposed B whose packing costs as
     * much as its few multiply-adds, on one thread.
     */
    static boolean handlesPointwiseWeightGrad(ConvGeometry g) {
        return V == 16 && g.groups() == 1 && g.isPointwise() && g.outChannels() < WO / 2;
    }

    /**
     * The weight gradient [o, c] of a convolution {@link #handlesPointwiseWeightGrad} accepts,
     * overwriting gradW: {@code gradW[oc, ic] = Σ_b Σ_q gradOut[b, oc, q] · x[b, ic, q]}, by
     * {@link #sumByLanes} reading both in place (a channel's positions are contiguous and need no
     * padding).
     */
    static void pointwiseWeightGrad(ConvGeometry g, int n, float[] x, float[] gradOut, float[] gradW) {
        int c = g.inChannels(), positions = g.outPositions();
        int[] channelStart = new int[c];
        for (int ic = 0; ic < c; ic++) {
            channelStart[ic] = ic * positions;
        }
        // one tile per task: a layer to one channel has only a few
        sumByLanes(x, c * positions, channelStart, gradOut, positions, g.outChannels(), n, 1, gradW);
    }

    /**
     * Adds {@code grads[gradStart[i] + q] · in[rowStart[j] + q]} for q in {@code [q0, q1)} to the
     * vector of partial sums (i, j) at {@code sums[base + (i*OB + j)*V]}, lane q mod V.
     */
    private static void gradTile(float[] grads, int[] gradStart, float[] in, int[] rowStart, int q0, int q1,
                                 float[] sums, int base) {
        FloatVector s00 = FloatVector.fromArray(SPECIES, sums, base);
        FloatVector s01 = FloatVector.fromArray(SPECIES, sums, base + V);
        FloatVector s02 = FloatVector.fromArray(SPECIES, sums, base + 2 * V);
        FloatVector s03 = FloatVector.fromArray(SPECIES, sums, base + 3 * V);
        FloatVector s10 = FloatVector.fromArray(SPECIES, sums, base + 4 * V);
        FloatVector s11 = FloatVector.fromArray(SPECIES, sums, base + 5 * V);
        FloatVector s12 = FloatVector.fromArray(SPECIES, sums, base + 6 * V);
        FloatVector s13 = FloatVector.fromArray(SPECIES, sums, base + 7 * V);
        FloatVector s20 = FloatVector.fromArray(SPECIES, sums, base + 8 * V);
        FloatVector s21 = FloatVector.fromArray(SPECIES, sums, base + 9 * V);
        FloatVector s22 = FloatVector.fromArray(SPECIES, sums, base + 10 * V);
        FloatVector s23 = FloatVector.fromArray(SPECIES, sums, base + 11 * V);
        FloatVector s30 = FloatVector.fromArray(SPECIES, sums, base + 12 * V);
        FloatVector s31 = FloatVector.fromArray(SPECIES, sums, base + 13 * V);
        FloatVector s32 = FloatVector.fromArray(SPECIES, sums, base + 14 * V);
        FloatVector s33 = FloatVector.fromArray(SPECIES, sums, base + 15 * V);
        int g0 = gradStart[0], g1 = gradStart[1], g2 = gradStart[2], g3 = gradStart[3];
        int r0 = rowStart[0], r1 = rowStart[1], r2 = rowStart[2], r3 = rowStart[3];
        for (int q = q0; q < q1; q += V) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, in, r0 + q);
            FloatVector b1 = FloatVector.fromArray(SPECIES, in, r1 + q);
            FloatVector b2 = FloatVector.fromArray(SPECIES, in, r2 + q);
            FloatVector b3 = FloatVector.fromArray(SPECIES, in, r3 + q);
            FloatVector a = FloatVector.fromArray(SPECIES, grads, g0 + q);
            s00 = a.fma(b0, s00);
            s01 = a.fma(b1, s01);
            s02 = a.fma(b2, s02);
            s03 = a.fma(b3, s03);
            a = FloatVector.fromArray(SPECIES, grads, g1 + q);
            s10 = a.fma(b0, s10);
            s11 = a.fma(b1, s11);
            s12 = a.fma(b2, s12);
            s13 = a.fma(b3, s13);
            a = FloatVector.fromArray(SPECIES, grads, g2 + q);
            s20 = a.fma(b0, s20);
            s21 = a.fma(b1, s21);
            s22 = a.fma(b2, s22);
            s23 = a.fma(b3, s23);
            a = FloatVector.fromArray(SPECIES, grads, g3 + q);
            s30 = a.fma(b0, s30);
            s31 = a.fma(b1, s31);
            s32 = a.fma(b2, s32);
            s33 = a.fma(b3, s33);
        }
        s00.intoArray(sums, base);
        s01.intoArray(sums, base + V);
        s02.intoArray(sums, base + 2 * V);
        s03.intoArray(sums, base + 3 * V);
        s10.intoArray(sums, base + 4 * V);
        s11.intoArray(sums, base + 5 * V);
        s12.intoArray(sums, base + 6 * V);
        s13.intoArray(sums, base + 7 * V);
        s20.intoArray(sums, base + 8 * V);
        s21.intoArray(sums, base + 9 * V);
        s22.intoArray(sums, base + 10 * V);
        s23.intoArray(sums, base + 11 * V);
        s30.intoArray(sums, base + 12 * V);
        s31.intoArray(sums, base + 13 * V);
        s32.intoArray(sums, base + 14 * V);
        s33.intoArray(sums, base + 15 * V);
    }

    /** The V lanes at {@code sums[from]} added in lane order (a vector reduction's order is unspecified). */
    private static float sumLanes(float[] sums, int from) {
        float total = 0f;
        for (int lane = 0; lane < V; lane++) {
            total += sums[from + lane];
        }
        return total;
    }

    /**
     * Adds {@code Σ_q in[rowStart[i] + q] · gradT[gradBase + q*WO + j]} over q in {@code [q0, q1)} to
     * {@code sums[base + i*WO + j]}: WR patch rows × WO output channels (two vectors), one broadcast
     * of each row's input and two loads of the transposed output gradient per position.
     */
    private static void weightTile(float[] in, int[] rowStart, float[] gradT, int gradBase, int q0, int q1,
                                   float[] sums, int base) {
        FloatVector c00 = FloatVector.fromArray(SPECIES, sums, base);
        FloatVector c01 = FloatVector.fromArray(SPECIES, sums, base + V);
        FloatVector c10 = FloatVector.fromArray(SPECIES, sums, base + WO);
        FloatVector c11 = FloatVector.fromArray(SPECIES, sums, base + WO + V);
        FloatVector c20 = FloatVector.fromArray(SPECIES, sums, base + 2 * WO);
        FloatVector c21 = FloatVector.fromArray(SPECIES, sums, base + 2 * WO + V);
        FloatVector c30 = FloatVector.fromArray(SPECIES, sums, base + 3 * WO);
        FloatVector c31 = FloatVector.fromArray(SPECIES, sums, base + 3 * WO + V);
        FloatVector c40 = FloatVector.fromArray(SPECIES, sums, base + 4 * WO);
        FloatVector c41 = FloatVector.fromArray(SPECIES, sums, base + 4 * WO + V);
        FloatVector c50 = FloatVector.fromArray(SPECIES, sums, base + 5 * WO);
        FloatVector c51 = FloatVector.fromArray(SPECIES, sums, base + 5 * WO + V);
        FloatVector c60 = FloatVector.fromArray(SPECIES, sums, base + 6 * WO);
        FloatVector c61 = FloatVector.fromArray(SPECIES, sums, base + 6 * WO + V);
        FloatVector c70 = FloatVector.fromArray(SPECIES, sums, base + 7 * WO);
        FloatVector c71 = FloatVector.fromArray(SPECIES, sums, base + 7 * WO + V);
        int r0 = rowStart[0], r1 = rowStart[1], r2 = rowStart[2], r3 = rowStart[3];
        int r4 = rowStart[4], r5 = rowStart[5], r6 = rowStart[6], r7 = rowStart[7];
        for (int q = q0, ib = gradBase + q0 * WO; q < q1; q++, ib += WO) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, gradT, ib);
            FloatVector b1 = FloatVector.fromArray(SPECIES, gradT, ib + V);
            FloatVector a = FloatVector.broadcast(SPECIES, in[r0 + q]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, in[r1 + q]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, in[r2 + q]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, in[r3 + q]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, in[r4 + q]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, in[r5 + q]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(SPECIES, in[r6 + q]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(SPECIES, in[r7 + q]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00.intoArray(sums, base);
        c01.intoArray(sums, base + V);
        c10.intoArray(sums, base + WO);
        c11.intoArray(sums, base + WO + V);
        c20.intoArray(sums, base + 2 * WO);
        c21.intoArray(sums, base + 2 * WO + V);
        c30.intoArray(sums, base + 3 * WO);
        c31.intoArray(sums, base + 3 * WO + V);
        c40.intoArray(sums, base + 4 * WO);
        c41.intoArray(sums, base + 4 * WO + V);
        c50.intoArray(sums, base + 5 * WO);
        c51.intoArray(sums, base + 5 * WO + V);
        c60.intoArray(sums, base + 6 * WO);
        c61.intoArray(sums, base + 6 * WO + V);
        c70.intoArray(sums, base + 7 * WO);
        c71.intoArray(sums, base + 7 * WO + V);
    }

    /**
     * One OB×Q tile: {@code tile[j*Q + i] = Σ_(ic, t) in[inBase + ic*pitch + taps[t] + i] ·
     * w[wBase + (ic*taps + t)*OB + j]}. The accumulators are named locals so the JIT keeps them in
     * registers.
     */
    private static void tile(float[] in, int inBase, int pitch, int c, int[] taps, float[] w, int wBase,
                             float[] tile) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero;
        FloatVector a10 = zero, a11 = zero, a12 = zero, a13 = zero;
        FloatVector a20 = zero, a21 = zero, a22 = zero, a23 = zero;
        FloatVector a30 = zero, a31 = zero, a32 = zero, a33 = zero;
        int wi = wBase;
        for (int ic = 0, channel = inBase; ic < c; ic++, channel += pitch) {
            for (int tap : taps) {
                int s = channel + tap;
                FloatVector x0 = FloatVector.fromArray(SPECIES, in, s);
                FloatVector x1 = FloatVector.fromArray(SPECIES, in, s + V);
                FloatVector x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
                FloatVector x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
                FloatVector wj = FloatVector.broadcast(SPECIES, w[wi]);
                a00 = wj.fma(x0, a00);
                a01 = wj.fma(x1, a01);
                a02 = wj.fma(x2, a02);
                a03 = wj.fma(x3, a03);
                wj = FloatVector.broadcast(SPECIES, w[wi + 1]);
                a10 = wj.fma(x0, a10);
                a11 = wj.fma(x1, a11);
                a12 = wj.fma(x2, a12);
                a13 = wj.fma(x3, a13);
                wj = FloatVector.broadcast(SPECIES, w[wi + 2]);
                a20 = wj.fma(x0, a20);
                a21 = wj.fma(x1, a21);
                a22 = wj.fma(x2, a22);
                a23 = wj.fma(x3, a23);
                wj = FloatVector.broadcast(SPECIES, w[wi + 3]);
                a30 = wj.fma(x0, a30);
                a31 = wj.fma(x1, a31);
                a32 = wj.fma(x2, a32);
                a33 = wj.fma(x3, a33);
                wi += OB;
            }
        }
        a00.intoArray(tile, 0);
        a01.intoArray(tile, 0 + V);
        a02.intoArray(tile, 0 + 2 * V);
        a03.intoArray(tile, 0 + 3 * V);
        a10.intoArray(tile, Q);
        a11.intoArray(tile, Q + V);
        a12.intoArray(tile, Q + 2 * V);
        a13.intoArray(tile, Q + 3 * V);
        a20.intoArray(tile, 2 * Q);
        a21.intoArray(tile, 2 * Q + V);
        a22.intoArray(tile, 2 * Q + 2 * V);
        a23.intoArray(tile, 2 * Q + 3 * V);
        a30.intoArray(tile, 3 * Q);
        a31.intoArray(tile, 3 * Q + V);
        a32.intoArray(tile, 3 * Q + 2 * V);
        a33.intoArray(tile, 3 * Q + 3 * V);
    }

    /**
     * {@link #tile} for a 2-D 3×3 kernel, its nine taps written out at offsets
     * {@code ki*rowStep + kj*colStep} rather than looped over: 0–15 % faster on the 3×3 layers of
     * U-Net and DnCNN (measured in one JVM, calls alternated with {@link #tile}), as the JIT does not
     * unroll a loop body this large. The tap offsets are derived from two steps, not passed as nine
     * values: nine more live integers made the first-tier compiler run out of registers and leave the
     * method interpreted.
     */
    private static void tile9(float[] in, int inBase, int pitch, int c, int rowStep, int colStep,
                              float[] w, int wBase, float[] tile) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero;
        FloatVector a10 = zero, a11 = zero, a12 = zero, a13 = zero;
        FloatVector a20 = zero, a21 = zero, a22 = zero, a23 = zero;
        FloatVector a30 = zero, a31 = zero, a32 = zero, a33 = zero;
        FloatVector x0, x1, x2, x3, wj;
        int c1 = colStep, c2 = 2 * colStep;
        int wi = wBase;
        for (int ic = 0, channel = inBase; ic < c; ic++, channel += pitch, wi += 9 * OB) {
            int r0 = channel, r1 = r0 + rowStep, r2 = r1 + rowStep, s;
            s = r0;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 1]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 2]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 3]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
            s = r0 + c1;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi + 4]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 5]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 6]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 7]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
            s = r0 + c2;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi + 8]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 9]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 10]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 11]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
            s = r1;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi + 12]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 13]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 14]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 15]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
            s = r1 + c1;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi + 16]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 17]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 18]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 19]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
            s = r1 + c2;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi + 20]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 21]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 22]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 23]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
            s = r2;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi + 24]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 25]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 26]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 27]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
            s = r2 + c1;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi + 28]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 29]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 30]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 31]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
            s = r2 + c2;
            x0 = FloatVector.fromArray(SPECIES, in, s);
            x1 = FloatVector.fromArray(SPECIES, in, s + V);
            x2 = FloatVector.fromArray(SPECIES, in, s + 2 * V);
            x3 = FloatVector.fromArray(SPECIES, in, s + 3 * V);
            wj = FloatVector.broadcast(SPECIES, w[wi + 32]);
            a00 = wj.fma(x0, a00); a01 = wj.fma(x1, a01); a02 = wj.fma(x2, a02); a03 = wj.fma(x3, a03);
            wj = FloatVector.broadcast(SPECIES, w[wi + 33]);
            a10 = wj.fma(x0, a10); a11 = wj.fma(x1, a11); a12 = wj.fma(x2, a12); a13 = wj.fma(x3, a13);
            wj = FloatVector.broadcast(SPECIES, w[wi + 34]);
            a20 = wj.fma(x0, a20); a21 = wj.fma(x1, a21); a22 = wj.fma(x2, a22); a23 = wj.fma(x3, a23);
            wj = FloatVector.broadcast(SPECIES, w[wi + 35]);
            a30 = wj.fma(x0, a30); a31 = wj.fma(x1, a31); a32 = wj.fma(x2, a32); a33 = wj.fma(x3, a33);
        }
        a00.intoArray(tile, 0);
        a01.intoArray(tile, V);
        a02.intoArray(tile, 2 * V);
        a03.intoArray(tile, 3 * V);
        a10.intoArray(tile, Q);
        a11.intoArray(tile, Q + V);
        a12.intoArray(tile, Q + 2 * V);
        a13.intoArray(tile, Q + 3 * V);
        a20.intoArray(tile, 2 * Q);
        a21.intoArray(tile, 2 * Q + V);
        a22.intoArray(tile, 2 * Q + 2 * V);
        a23.intoArray(tile, 2 * Q + 3 * V);
        a30.intoArray(tile, 3 * Q);
        a31.intoArray(tile, 3 * Q + V);
        a32.intoArray(tile, 3 * Q + 2 * V);
        a33.intoArray(tile, 3 * Q + 3 * V);
    }
}
