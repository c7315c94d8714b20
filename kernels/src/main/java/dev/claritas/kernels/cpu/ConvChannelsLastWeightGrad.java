package dev.claritas.kernels.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight gradient of a single-precision 2-D convolution with stride 1, dilation 1 and one group
 * whose input and output gradient are channels-last (NHWC), with the Vector API (load only when
 * {@link Vectorization#ENABLED}).
 *
 * <p>For one tap (ky, kx) the gradient is a GEMM whose inner dimension is the output positions p:
 * {@code gw[:, :, ky, kx] = Σ_p g[p, :]ᵀ x[p + shift(ky, kx), :]}. Channels-last keeps each
 * position's channels contiguous in both operands, so neither is transposed: one operand, the
 * <em>lane operand</em>, is read as vectors along its channels, the other, the <em>broadcast
 * operand</em>, one channel at a time. A register tile holds {@link #W} channels of the lane operand
 * (two vectors) × up to 12 channels of the broadcast operand, and per position takes two vector
 * loads and 12 broadcasts for 24 fused multiply-adds. The lanes run along the output
 * channels (g) unless there are fewer of them than a vector holds and more input channels (a
 * 32 → 1 output layer), where the roles are swapped and the lanes run along the input channels (x).
 *
 * <p>The borders need no padding: for a tap, the output positions whose input lies inside x form a
 * rectangle, and only it is summed over.
 *
 * <p>The positions are streamed in chunks of about {@link #CHUNK_POSITIONS}: a few rows of one batch
 * item, or a piece of one row of a wide image. What a chunk reads of both operands is copied first,
 * the lane operand's panel ({@link #W} channels, zeros past the last) into a buffer that stays in
 * L1 and the broadcast operand's positions into one that stays in L2; then every (tap, broadcast
 * group) tile of the chunk reads them from there, loading its accumulators from the partial
 * gradient and storing them back once per chunk. Read in place, the operands' first loads in each
 * chunk would wait on memory one tile iteration at a time; the copy has many loads in flight.
 *
 * <p>The rows (batch item, oy) are cut into contiguous parts, a number fixed by the shape (never by
 * the thread count); each task owns one part of one panel and sums its positions in a fixed order into
 * the part's own partial gradient, and the partials are then added in part order: the bits do not
 * depend on the thread count.
 */
final class ConvChannelsLastWeightGrad {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int V = SPECIES.length();
    /** Lane-operand channels of a register tile and of a panel: two vectors. */
    private static final int W = 2 * V;
    /** Tasks (parts × panels) the parts are chosen to make, shape allowing: several per thread on 4–8 cores. */
    private static final int TASKS = 16;
    /** Most floats of the partial gradients: fewer parts for large weights. */
    private static final long PARTIAL_BUDGET = 1 << 21;
    /** Fewest output positions per part: each part costs one addition per weight when the partials are merged. */
    private static final int MIN_PART_POSITIONS = 256;
    /** Output positions per chunk: a chunk's panel of the lane operand (32 KiB with 16 lanes) stays in L1. */
    private static final int CHUNK_POSITIONS = 256;
    /**
     * Most floats of a chunk's broadcast operand, not counting the halo of input rows: fewer
     * positions per chunk for many channels, so that it stays in L2.
     */
    private static final int CHUNK_BROADCAST_FLOATS = 1 << 16;

    private ConvChannelsLastWeightGrad() {}

    /**
     * {@code gw[oc, ic, ky, kx] = Σ_{b,oy,ox} g[b, oy, ox, oc] · x[b, oy+ky-padH, ox+kx-padW, ic]}, the
     * terms outside x being zero: the weight gradient of a stride-1 convolution with input x [n, h, wd,
     * c] and output gradient g [n, ho, wo, o] (ho = h + 2·padH - kh + 1, likewise wo), both NHWC and
     * dense from index 0, into gw [o, c, kh, kw] (PyTorch's layout), which is overwritten. With x and g
     * swapped it is the weight gradient of a stride-1 transposed convolution, so neither channel count
     * is assumed to be the larger.
     */
    static void conv2dWeightGrad(float[] x, float[] g, float[] gw, int n, int c, int h, int wd, int o, int kh,
                                 int kw, int padH, int padW) {
        if (c == 0 || o == 0) {
            return; // gw has no elements
        }
        new Job(x, g, n, c, h, wd, o, kh, kw, padH, padW).run(gw);
    }

    /** One weight gradient: the shapes, the operands' roles, and how the work is cut. */
    private static final class Job {
        private final float[] x, g;
        private final int c, h, wd, o, kh, kw, padH, padW, ho, wo;
        /** Whether the lanes run along the input channels (x) and the broadcasts along the output channels (g). */
        private final boolean transposed;
        private final int laneChannels, broadcastChannels;
        /** Panels of {@link #W} lane-operand channels. */
        private final int panels;
        /** Rows (batch item, oy) and the parts they are cut into. */
        private final int rows, parts;
        /** Output rows and columns per chunk: whole rows, or for wide images, pieces of one row. */
        private final int chunkRows, chunkCols;
        /** Floats of one part's partial gradient: [panel][tap][broadcast channel][W]. */
        private final int partSize;

        Job(float[] x, float[] g, int n, int c, int h, int wd, int o, int kh, int kw, int padH, int padW) {
            this.x = x;
            this.g = g;
            this.c = c;
            this.h = h;
            this.wd = wd;
            this.o = o;
            this.kh = kh;
            this.kw = kw;
            this.padH = padH;
            this.padW = padW;
            ho = h + 2 * padH - kh + 1;
            wo = wd + 2 * padW - kw + 1;
            if (ho < 1 || wo < 1) {
                throw new IllegalArgumentException("kernel " + kh + "x" + kw + " larger than the padded input");
            }
            transposed = o < V && c > o;
            laneChannels = transposed ? c : o;
            broadcastChannels = transposed ? o : c;
            panels = Math.ceilDiv(laneChannels, W);
            rows = n * ho;
            partSize = Math.multiplyExact(panels * W, kh * kw * broadcastChannels);
            parts = parts((long) rows * wo);
            int chunk = Math.max(1, Math.min(CHUNK_POSITIONS, CHUNK_BROADCAST_FLOATS / broadcastChannels));
            chunkCols = Math.ceilDiv(wo, Math.ceilDiv(wo, chunk));
            chunkRows = Math.max(1, chunk / chunkCols);
        }

        /** Parts the rows are cut into: a function of the shape alone. */
        private int parts(long positions) {
            long byTasks = Math.ceilDiv(TASKS, panels);
            long byPositions = positions / MIN_PART_POSITIONS;
            long byMemory = PARTIAL_BUDGET / partSize;
            return (int) Math.max(1, Math.min(Math.min(rows, byTasks), Math.min(byPositions, byMemory)));
        }

        /** The first row of part {@code part}. */
        private int partStart(int part) {
            return (int) ((long) rows * part / parts);
        }

        void run(float[] gw) {
            float[] partials = HostArrayPool.floats(Math.multiplyExact(parts, partSize));
            long costPerTask = (long) Math.ceilDiv(rows, parts) * wo * kh * kw * broadcastChannels * W;
            // a chunk's output positions, and the input positions they read
            int outPositions = chunkRows * chunkCols, inPositions = (chunkRows + kh - 1) * (chunkCols + kw - 1);
            int lanesSize = (transposed ? inPositions : outPositions) * W;
            int broadcastsSize = (transposed ? outPositions : inPositions) * broadcastChannels;
            Parallel.forRange(parts * panels, 1, costPerTask, (t0, t1) -> {
                float[] lanes = HostArrayPool.floatsUninitialized(lanesSize);
                float[] broadcasts = HostArrayPool.floatsUninitialized(broadcastsSize);
                for (int t = t0; t < t1; t++) {
                    task(t / panels, t % panels, lanes, broadcasts, partials);
                }
                HostArrayPool.give(lanes);
                HostArrayPool.give(broadcasts);
            });
            merge(partials, gw);
            HostArrayPool.give(partials);
        }

        /** Sums the rows of part {@code part} for panel {@code panel}, chunk by chunk, into its partial gradient. */
        private void task(int part, int panel, float[] lanes, float[] broadcasts, float[] partials) {
            int sums = part * partSize + panel * kh * kw * broadcastChannels * W;
            for (int row = partStart(part), end = partStart(part + 1); row < end; ) {
                int b = row / ho, oy0 = row % ho;
                int oy1 = Math.min(ho, oy0 + Math.min(chunkRows, end - row));
                for (int ox0 = 0; ox0 < wo; ox0 += chunkCols) {
                    Region out = new Region(oy0, oy1, ox0, Math.min(wo, ox0 + chunkCols));
                    Region in = inputs(out);
                    copyChunk(b, out, in, panel * W, lanes, broadcasts);
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            tap(out, in, ky, kx, lanes, broadcasts, partials,
                                    sums + (ky * kw + kx) * broadcastChannels * W);
                        }
                    }
                }
                row += oy1 - oy0;
            }
        }

        /** The positions of x that the output positions {@code out} read, empty where they read only padding. */
        private Region inputs(Region out) {
            int row0 = Math.max(0, out.row0() - padH), row1 = Math.min(h, out.row1() - 1 - padH + kh);
            int col0 = Math.max(0, out.col0() - padW), col1 = Math.min(wd, out.col1() - 1 - padW + kw);
            return new Region(row0, Math.max(row0, row1), col0, Math.max(col0, col1));
        }

        /**
         * Copies what a chunk of batch item b reads: its output positions {@code out} of g and the
         * input positions {@code in} of x, the lane operand's panel from channel l0 into lanes and
         * every channel of the broadcast operand into broadcasts. The tiles then find both in L1 or
         * L2: read in place, the first tap's loads of the chunk would wait on memory, while a copy's
         * loads are independent and many are in flight at once.
         */
        private void copyChunk(int b, Region out, Region in, int l0, float[] lanes, float[] broadcasts) {
            if (transposed) {
                copyPanel(x, c, wd, b * h, in, l0, lanes);
                copyRegion(g, o, wo, b * ho, out, broadcasts);
            } else {
                copyPanel(g, o, wo, b * ho, out, l0, lanes);
                copyRegion(x, c, wd, b * h, in, broadcasts);
            }
        }

        /**
         * Tap (ky, kx) over the chunk's output positions whose input lies inside x, a rectangle, for
         * every group of broadcast channels; the tap's sums are [broadcast channel][W] at {@code sums}.
         */
        private void tap(Region out, Region in, int ky, int kx, float[] lanes, float[] broadcasts, float[] partials,
                         int sums) {
            int dy = ky - padH, dx = kx - padW;
            int oyA = Math.max(out.row0(), -dy), oyB = Math.min(out.row1(), h - dy);
            int oxA = Math.max(out.col0(), -dx), oxB = Math.min(out.col1(), wd - dx);
            if (oyA >= oyB || oxA >= oxB) {
                return;
            }
            // the rectangle's first position in each buffer, and the buffers' positions per row
            int outAt = out.offset(oyA, oxA), inAt = in.offset(oyA + dy, oxA + dx);
            int channels = broadcastChannels;
            int lq = (transposed ? inAt : outAt) * W, laneRow = (transposed ? in : out).cols() * W;
            int bq = (transposed ? outAt : inAt) * channels, broadcastRow = (transposed ? out : in).cols() * channels;
            int tileRows = oyB - oyA, cols = oxB - oxA;
            for (int j = 0; j < channels; ) {
                int width = groupWidth(channels - j);
                switch (width) {
                    case 12 -> tile12(lanes, lq, laneRow, broadcasts, bq + j, broadcastRow, channels, tileRows, cols,
                            partials, sums + j * W);
                    case 8 -> tile8(lanes, lq, laneRow, broadcasts, bq + j, broadcastRow, channels, tileRows, cols,
                            partials, sums + j * W);
                    default -> tile1(lanes, lq, laneRow, broadcasts, bq + j, broadcastRow, channels, tileRows, cols,
                            partials, sums + j * W);
                }
                j += width;
            }
        }

        /**
         * The partials added in part order into gw. Row (panel, tap, broadcast channel) of a partial
         * holds W sums, lane j being {@code gw[oc, ic, tap]} with (oc, ic) = (panel·W + j, broadcast
         * channel), or the other way round when the roles are swapped; the lanes past the last channel
         * are dropped. Each lane of the vector additions is one element's sum in part order.
         */
        private void merge(float[] partials, float[] gw) {
            int taps = kh * kw, bc = broadcastChannels;
            Parallel.forRange(partSize / W, (long) parts * W, (r0, r1) -> {
                float[] total = new float[W];
                for (int row = r0; row < r1; row++) {
                    FloatVector t0 = FloatVector.fromArray(SPECIES, partials, row * W);
                    FloatVector t1 = FloatVector.fromArray(SPECIES, partials, row * W + V);
                    for (int part = 1; part < parts; part++) {
                        t0 = t0.add(FloatVector.fromArray(SPECIES, partials, part * partSize + row * W));
                        t1 = t1.add(FloatVector.fromArray(SPECIES, partials, part * partSize + row * W + V));
                    }
                    t0.intoArray(total, 0);
                    t1.intoArray(total, V);
                    int channel = row % bc, tap = row / bc % taps, l0 = row / (bc * taps) * W;
                    // gw's index of lane 0, and its step from one lane to the next
                    int at = transposed ? (channel * c + l0) * taps + tap : (l0 * c + channel) * taps + tap;
                    int step = transposed ? taps : c * taps;
                    for (int j = 0; j < Math.min(W, laneChannels - l0); j++) {
                        gw[at + j * step] = total[j];
                    }
                }
            });
        }
    }

    /** Rows [row0, row1) and columns [col0, col1) of one batch item of an operand: what a chunk reads of it. */
    private record Region(int row0, int row1, int col0, int col1) {
        int cols() {
            return col1 - col0;
        }

        /** Position (row, col) of the item as an index into the region's positions, row by row. */
        int offset(int row, int col) {
            return (row - row0) * cols() + col - col0;
        }
    }

    /**
     * Broadcast channels of the next tile when {@code remaining} are left: 12 where possible, but 16
     * as two 8s, so that 32, 64, 128 and 256 channels end without single channels (12+12+8,
     * 4×12+8+8, …); single channels only for the odd remainders.
     */
    private static int groupWidth(int remaining) {
        return remaining >= 12 && remaining != 16 ? 12 : remaining >= 8 ? 8 : 1;
    }

    /**
     * Copies channels [l0, l0 + W) of the positions of region of one batch item of src into buffer,
     * W floats per position: src holds {@code channels} floats per position and {@code width}
     * positions per row, and the item starts at row {@code itemRow}. The lanes past the last channel
     * are zeroed: their sums are dropped, but should not be computed from whatever the buffer held.
     */
    private static void copyPanel(float[] src, int channels, int width, int itemRow, Region region, int l0,
                                  float[] buffer) {
        int count = Math.min(W, channels - l0);
        for (int r = region.row0(), d = 0; r < region.row1(); r++) {
            int s = ((itemRow + r) * width + region.col0()) * channels + l0;
            for (int p = 0; p < region.cols(); p++, s += channels, d += W) {
                if (count == W) {
                    FloatVector.fromArray(SPECIES, src, s).intoArray(buffer, d);
                    FloatVector.fromArray(SPECIES, src, s + V).intoArray(buffer, d + V);
                } else {
                    System.arraycopy(src, s, buffer, d, count);
                    Arrays.fill(buffer, d + count, d + W, 0f);
                }
            }
        }
    }

    /** Copies every channel of the positions of region (as in {@link #copyPanel}) into buffer, row by row. */
    private static void copyRegion(float[] src, int channels, int width, int itemRow, Region region, float[] buffer) {
        int rowLength = region.cols() * channels;
        for (int r = region.row0(), d = 0; r < region.row1(); r++, d += rowLength) {
            System.arraycopy(src, ((itemRow + r) * width + region.col0()) * channels, buffer, d, rowLength);
        }
    }

    /*
     * The register tiles: rows × cols positions, the lane operand's at lanes[lq], W floats per
     * position and laneRow per row, the broadcast operand's at bc[bq], bcCol floats per position and
     * bcRow per row. They add Σ bc[position, j] · lanes[position, 0 .. W) to the W sums of broadcast
     * channel j at sums[s + j*W]. The accumulators are named locals: an array of vectors is not kept
     * in registers. The positions are one loop that steps to the next row every cols positions: a
     * loop per row, entered and left on every row, took 5 % longer on 48-column rows.
     */

    /** The register tile for 12 broadcast channels: 24 accumulators. */
    private static void tile12(float[] lanes, int lq, int laneRow, float[] bc, int bq, int bcRow, int bcCol,
                               int rows, int cols, float[] sums, int s) {
        FloatVector s00 = FloatVector.fromArray(SPECIES, sums, s);
        FloatVector s01 = FloatVector.fromArray(SPECIES, sums, s + V);
        FloatVector s10 = FloatVector.fromArray(SPECIES, sums, s + W);
        FloatVector s11 = FloatVector.fromArray(SPECIES, sums, s + W + V);
        FloatVector s20 = FloatVector.fromArray(SPECIES, sums, s + 2 * W);
        FloatVector s21 = FloatVector.fromArray(SPECIES, sums, s + 2 * W + V);
        FloatVector s30 = FloatVector.fromArray(SPECIES, sums, s + 3 * W);
        FloatVector s31 = FloatVector.fromArray(SPECIES, sums, s + 3 * W + V);
        FloatVector s40 = FloatVector.fromArray(SPECIES, sums, s + 4 * W);
        FloatVector s41 = FloatVector.fromArray(SPECIES, sums, s + 4 * W + V);
        FloatVector s50 = FloatVector.fromArray(SPECIES, sums, s + 5 * W);
        FloatVector s51 = FloatVector.fromArray(SPECIES, sums, s + 5 * W + V);
        FloatVector s60 = FloatVector.fromArray(SPECIES, sums, s + 6 * W);
        FloatVector s61 = FloatVector.fromArray(SPECIES, sums, s + 6 * W + V);
        FloatVector s70 = FloatVector.fromArray(SPECIES, sums, s + 7 * W);
        FloatVector s71 = FloatVector.fromArray(SPECIES, sums, s + 7 * W + V);
        FloatVector s80 = FloatVector.fromArray(SPECIES, sums, s + 8 * W);
        FloatVector s81 = FloatVector.fromArray(SPECIES, sums, s + 8 * W + V);
        FloatVector s90 = FloatVector.fromArray(SPECIES, sums, s + 9 * W);
        FloatVector s91 = FloatVector.fromArray(SPECIES, sums, s + 9 * W + V);
        FloatVector sA0 = FloatVector.fromArray(SPECIES, sums, s + 10 * W);
        FloatVector sA1 = FloatVector.fromArray(SPECIES, sums, s + 10 * W + V);
        FloatVector sB0 = FloatVector.fromArray(SPECIES, sums, s + 11 * W);
        FloatVector sB1 = FloatVector.fromArray(SPECIES, sums, s + 11 * W + V);
        int laneSkip = laneRow - cols * W, bcSkip = bcRow - cols * bcCol;
        for (int k = 0, positions = rows * cols, col = 0, lp = lq, bp = bq; k < positions; k++) {
            FloatVector v0 = FloatVector.fromArray(SPECIES, lanes, lp);
            FloatVector v1 = FloatVector.fromArray(SPECIES, lanes, lp + V);
            FloatVector b = FloatVector.broadcast(SPECIES, bc[bp]);
            s00 = b.fma(v0, s00);
            s01 = b.fma(v1, s01);
            b = FloatVector.broadcast(SPECIES, bc[bp + 1]);
            s10 = b.fma(v0, s10);
            s11 = b.fma(v1, s11);
            b = FloatVector.broadcast(SPECIES, bc[bp + 2]);
            s20 = b.fma(v0, s20);
            s21 = b.fma(v1, s21);
            b = FloatVector.broadcast(SPECIES, bc[bp + 3]);
            s30 = b.fma(v0, s30);
            s31 = b.fma(v1, s31);
            b = FloatVector.broadcast(SPECIES, bc[bp + 4]);
            s40 = b.fma(v0, s40);
            s41 = b.fma(v1, s41);
            b = FloatVector.broadcast(SPECIES, bc[bp + 5]);
            s50 = b.fma(v0, s50);
            s51 = b.fma(v1, s51);
            b = FloatVector.broadcast(SPECIES, bc[bp + 6]);
            s60 = b.fma(v0, s60);
            s61 = b.fma(v1, s61);
            b = FloatVector.broadcast(SPECIES, bc[bp + 7]);
            s70 = b.fma(v0, s70);
            s71 = b.fma(v1, s71);
            b = FloatVector.broadcast(SPECIES, bc[bp + 8]);
            s80 = b.fma(v0, s80);
            s81 = b.fma(v1, s81);
            b = FloatVector.broadcast(SPECIES, bc[bp + 9]);
            s90 = b.fma(v0, s90);
            s91 = b.fma(v1, s91);
            b = FloatVector.broadcast(SPECIES, bc[bp + 10]);
            sA0 = b.fma(v0, sA0);
            sA1 = b.fma(v1, sA1);
            b = FloatVector.broadcast(SPECIES, bc[bp + 11]);
            sB0 = b.fma(v0, sB0);
            sB1 = b.fma(v1, sB1);
            lp += W;
            bp += bcCol;
            if (++col == cols) {
                col = 0;
                lp += laneSkip;
                bp += bcSkip;
            }
        }
        s00.intoArray(sums, s);
        s01.intoArray(sums, s + V);
        s10.intoArray(sums, s + W);
        s11.intoArray(sums, s + W + V);
        s20.intoArray(sums, s + 2 * W);
        s21.intoArray(sums, s + 2 * W + V);
        s30.intoArray(sums, s + 3 * W);
        s31.intoArray(sums, s + 3 * W + V);
        s40.intoArray(sums, s + 4 * W);
        s41.intoArray(sums, s + 4 * W + V);
        s50.intoArray(sums, s + 5 * W);
        s51.intoArray(sums, s + 5 * W + V);
        s60.intoArray(sums, s + 6 * W);
        s61.intoArray(sums, s + 6 * W + V);
        s70.intoArray(sums, s + 7 * W);
        s71.intoArray(sums, s + 7 * W + V);
        s80.intoArray(sums, s + 8 * W);
        s81.intoArray(sums, s + 8 * W + V);
        s90.intoArray(sums, s + 9 * W);
        s91.intoArray(sums, s + 9 * W + V);
        sA0.intoArray(sums, s + 10 * W);
        sA1.intoArray(sums, s + 10 * W + V);
        sB0.intoArray(sums, s + 11 * W);
        sB1.intoArray(sums, s + 11 * W + V);
    }

    /** The register tile for 8 broadcast channels: 16 accumulators. */
    private static void tile8(float[] lanes, int lq, int laneRow, float[] bc, int bq, int bcRow, int bcCol,
                              int rows, int cols, float[] sums, int s) {
        FloatVector s00 = FloatVector.fromArray(SPECIES, sums, s);
        FloatVector s01 = FloatVector.fromArray(SPECIES, sums, s + V);
        FloatVector s10 = FloatVector.fromArray(SPECIES, sums, s + W);
        FloatVector s11 = FloatVector.fromArray(SPECIES, sums, s + W + V);
        FloatVector s20 = FloatVector.fromArray(SPECIES, sums, s + 2 * W);
        FloatVector s21 = FloatVector.fromArray(SPECIES, sums, s + 2 * W + V);
        FloatVector s30 = FloatVector.fromArray(SPECIES, sums, s + 3 * W);
        FloatVector s31 = FloatVector.fromArray(SPECIES, sums, s + 3 * W + V);
        FloatVector s40 = FloatVector.fromArray(SPECIES, sums, s + 4 * W);
        FloatVector s41 = FloatVector.fromArray(SPECIES, sums, s + 4 * W + V);
        FloatVector s50 = FloatVector.fromArray(SPECIES, sums, s + 5 * W);
        FloatVector s51 = FloatVector.fromArray(SPECIES, sums, s + 5 * W + V);
        FloatVector s60 = FloatVector.fromArray(SPECIES, sums, s + 6 * W);
        FloatVector s61 = FloatVector.fromArray(SPECIES, sums, s + 6 * W + V);
        FloatVector s70 = FloatVector.fromArray(SPECIES, sums, s + 7 * W);
        FloatVector s71 = FloatVector.fromArray(SPECIES, sums, s + 7 * W + V);
        int laneSkip = laneRow - cols * W, bcSkip = bcRow - cols * bcCol;
        for (int k = 0, positions = rows * cols, col = 0, lp = lq, bp = bq; k < positions; k++) {
            FloatVector v0 = FloatVector.fromArray(SPECIES, lanes, lp);
            FloatVector v1 = FloatVector.fromArray(SPECIES, lanes, lp + V);
            FloatVector b = FloatVector.broadcast(SPECIES, bc[bp]);
            s00 = b.fma(v0, s00);
            s01 = b.fma(v1, s01);
            b = FloatVector.broadcast(SPECIES, bc[bp + 1]);
            s10 = b.fma(v0, s10);
            s11 = b.fma(v1, s11);
            b = FloatVector.broadcast(SPECIES, bc[bp + 2]);
            s20 = b.fma(v0, s20);
            s21 = b.fma(v1, s21);
            b = FloatVector.broadcast(SPECIES, bc[bp + 3]);
            s30 = b.fma(v0, s30);
            s31 = b.fma(v1, s31);
            b = FloatVector.broadcast(SPECIES, bc[bp + 4]);
            s40 = b.fma(v0, s40);
            s41 = b.fma(v1, s41);
            b = FloatVector.broadcast(SPECIES, bc[bp + 5]);
            s50 = b.fma(v0, s50);
            s51 = b.fma(v1, s51);
            b = FloatVector.broadcast(SPECIES, bc[bp + 6]);
            s60 = b.fma(v0, s60);
            s61 = b.fma(v1, s61);
            b = FloatVector.broadcast(SPECIES, bc[bp + 7]);
            s70 = b.fma(v0, s70);
            s71 = b.fma(v1, s71);
            lp += W;
            bp += bcCol;
            if (++col == cols) {
                col = 0;
                lp += laneSkip;
                bp += bcSkip;
            }
        }
        s00.intoArray(sums, s);
        s01.intoArray(sums, s + V);
        s10.intoArray(sums, s + W);
        s11.intoArray(sums, s + W + V);
        s20.intoArray(sums, s + 2 * W);
        s21.intoArray(sums, s + 2 * W + V);
        s30.intoArray(sums, s + 3 * W);
        s31.intoArray(sums, s + 3 * W + V);
        s40.intoArray(sums, s + 4 * W);
        s41.intoArray(sums, s + 4 * W + V);
        s50.intoArray(sums, s + 5 * W);
        s51.intoArray(sums, s + 5 * W + V);
        s60.intoArray(sums, s + 6 * W);
        s61.intoArray(sums, s + 6 * W + V);
        s70.intoArray(sums, s + 7 * W);
        s71.intoArray(sums, s + 7 * W + V);
    }

    /**
     * The register tile for one broadcast channel. Its two sums would be one chain of dependent
     * multiply-adds, bound by their latency, so four positions at a time go to four pairs of
     * accumulators, added in a fixed order at the end.
     */
    private static void tile1(float[] lanes, int lq, int laneRow, float[] bc, int bq, int bcRow, int bcCol,
                              int rows, int cols, float[] sums, int s) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector s00 = FloatVector.fromArray(SPECIES, sums, s);
        FloatVector s01 = FloatVector.fromArray(SPECIES, sums, s + V);
        FloatVector s10 = zero, s11 = zero, s20 = zero, s21 = zero, s30 = zero, s31 = zero;
        int quads = cols / 4 * 4 * W;
        for (int r = 0; r < rows; r++) {
            int lp = lq + r * laneRow, bp = bq + r * bcRow, rowEnd = lp + cols * W;
            for (int end = lp + quads; lp < end; lp += 4 * W, bp += 4 * bcCol) {
                FloatVector b = FloatVector.broadcast(SPECIES, bc[bp]);
                s00 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp), s00);
                s01 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp + V), s01);
                b = FloatVector.broadcast(SPECIES, bc[bp + bcCol]);
                s10 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp + W), s10);
                s11 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp + W + V), s11);
                b = FloatVector.broadcast(SPECIES, bc[bp + 2 * bcCol]);
                s20 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp + 2 * W), s20);
                s21 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp + 2 * W + V), s21);
                b = FloatVector.broadcast(SPECIES, bc[bp + 3 * bcCol]);
                s30 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp + 3 * W), s30);
                s31 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp + 3 * W + V), s31);
            }
            for (; lp < rowEnd; lp += W, bp += bcCol) {
                FloatVector b = FloatVector.broadcast(SPECIES, bc[bp]);
                s00 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp), s00);
                s01 = b.fma(FloatVector.fromArray(SPECIES, lanes, lp + V), s01);
            }
        }
        s00.add(s10).add(s20.add(s30)).intoArray(sums, s);
        s01.add(s11).add(s21.add(s31)).intoArray(sums, s + V);
    }
}
