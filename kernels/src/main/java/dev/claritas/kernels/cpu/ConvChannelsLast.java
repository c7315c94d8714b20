package dev.claritas.kernels.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct single-precision 2-D convolution of channels-last (NHWC) arrays, stride 1, dilation 1,
 * one group, any kernel size and padding, and its adjoint, the stride-1 transposed convolution (load
 * only when {@link Vectorization#ENABLED}).
 *
 * <p>In NHWC the channels of a pixel are contiguous, and so are the pixels of a row: for one kernel
 * row ky, everything output position (oy, ox) reads, every kx and input channel, is one run of
 * kw·c consecutive floats starting at pixel (oy + ky − padH, ox − padW), and the next position's
 * run starts c floats further on. The weights are packed once per call in the same order,
 * [output block][ky][kx][ic][{@link #B}] with blocks of B = 2V output channels (V lanes per
 * vector), so the two weight vectors an element of the run needs are consecutive.
 *
 * <p>A register tile holds {@link #P} consecutive positions of one row × one block, 16 vectors of
 * sums: per element of the run it loads two weight vectors and broadcasts each position's input
 * once, 10 loads for 16 fused multiply-adds, which keeps the multiply-add units busy (95–98 % of
 * their peak with 16 lanes). Twelve positions, 24 sums, ran 25–30 % slower: the compiler hoists the
 * broadcasts ahead of the multiply-adds, the sums no longer fit the 32 vector registers and some
 * are spilled.
 *
 * <p>The input is read in place, but for the windows of the first and last P positions of a row
 * when the kernel reaches past the image's left and right edges: those are copied with zero columns
 * added, so every position of a row reads whole runs and takes the tiles ({@link RowInput}). A row
 * is cut into tiles of P positions, one of P/2 where that many are left (20 columns: 8 + 4 + 8),
 * and single positions for the rest ({@link #position}). Kernel rows that fall outside the image
 * are skipped for the whole output row. Layers to fewer than V output channels (a 32 → 1 output
 * layer) would leave most lanes of a block empty: they run with the vectors along the input
 * channels instead ({@link #byLanes}).
 *
 * <p>Each task owns whole output rows, computing every block of a row in turn while the row's
 * input stays in cache, and every output is summed in an order fixed by the shapes alone: the bits
 * do not depend on the thread count.
 */
final class ConvChannelsLast {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int V = SPECIES.length();
    /** Output channels per block: two vectors. */
    private static final int B = 2 * V;
    /** Consecutive output positions per register tile. */
    private static final int P = 8;
    /** Consecutive output positions that share each weight vector when there are fewer than V output channels. */
    private static final int QUAD = 4;

    private ConvChannelsLast() {}

    /**
     * {@code out[b, oy, ox, oc] = Σ_(ic, ky, kx) x[b, oy + ky − padH, ox + kx − padW, ic] · w[oc, ic, ky, kx]},
     * zeros outside x. x is [n, h, wd, c] (NHWC), w is PyTorch's [o, c, kh, kw], and out
     * [n, ho, wo, o] with {@code ho = h + 2·padH − kh + 1} and {@code wo = wd + 2·padW − kw + 1} is
     * overwritten; each array starts at index 0.
     */
    static void conv2d(float[] x, float[] w, float[] out, int n, int c, int h, int wd, int o, int kh, int kw,
                       int padH, int padW) {
        Shape s = new Shape(n, c, h, wd, o, kh, kw, padH, padW);
        s.checkLengths(x, w.length, out);
        run(s, x, w, WeightOrder.forward(c, kh, kw), out);
    }

    /**
     * The adjoint of {@link #conv2d}, the transposed convolution of stride 1:
     * {@code out[b, oy, ox, oc] = Σ_(ic, ky, kx) x[b, oy + padH − ky, ox + padW − kx, ic] · w[ic, oc, ky, kx]}.
     * x is [n, h, wd, c], w is PyTorch's [c, o, kh, kw], and out [n, ho, wo, o] with
     * {@code ho = h + kh − 1 − 2·padH} (likewise wo) is overwritten. It is the convolution of x with
     * the kernel flipped and its channel roles swapped, padded by {@code kh − 1 − padH} and
     * {@code kw − 1 − padW}, so the padding must be at most {@code kernel − 1}.
     *
     * @throws IllegalArgumentException if {@code padH > kh − 1} or {@code padW > kw − 1}
     */
    static void convTranspose2d(float[] x, float[] w, float[] out, int n, int c, int h, int wd, int o, int kh,
                                int kw, int padH, int padW) {
        if (padH < 0 || padW < 0 || padH > kh - 1 || padW > kw - 1) {
            throw new IllegalArgumentException("transposed convolution padding (" + padH + ", " + padW
                    + ") must lie in [0, kernel - 1] for a " + kh + "x" + kw + " kernel");
        }
        Shape s = new Shape(n, c, h, wd, o, kh, kw, kh - 1 - padH, kw - 1 - padW);
        s.checkLengths(x, w.length, out);
        run(s, x, w, WeightOrder.flippedTransposed(o, kh, kw), out);
    }

    /** The forward convolution s with weights read from w in the given order. */
    private static void run(Shape s, float[] x, float[] w, WeightOrder order, float[] out) {
        if (s.n() == 0 || s.o() == 0 || s.ho() <= 0 || s.wo() <= 0) {
            return;
        }
        if (s.o() < V) {
            byLanes(s, x, w, order, out);
        } else {
            byBlocks(s, x, w, order, out);
        }
    }

    /**
     * The convolution by register tiles of output blocks: the weights packed by {@link #packBlocks},
     * then each (batch item, output row) computed by {@link #outputRow}.
     */
    private static void byBlocks(Shape s, float[] x, float[] w, WeightOrder order, float[] out) {
        int blocks = Math.ceilDiv(s.o(), B);
        float[] packed = packBlocks(s, w, order, blocks);
        int ho = s.ho();
        long costPerRow = (long) s.wo() * blocks * B * s.c() * s.kh() * s.kw();
        Parallel.forRange(s.n() * ho, costPerRow, (r0, r1) -> {
            float[] scratch = new float[P * B];
            RowInput input = new RowInput(s, x);
            for (int r = r0; r < r1; r++) {
                outputRow(s, input, packed, blocks, out, r / ho, r % ho, scratch);
            }
            input.release();
        });
        HostArrayPool.give(packed);
    }

    /**
     * Weights in tile order, [block][ky][kx][ic][B] with {@code block = oc / B}: zero for the
     * channels past o that fill the last block.
     */
    private static float[] packBlocks(Shape s, float[] w, WeightOrder order, int blocks) {
        int c = s.c(), kh = s.kh(), kw = s.kw();
        float[] packed = HostArrayPool.floats(blocks * kh * kw * c * B);
        for (int oc = 0; oc < s.o(); oc++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    for (int ic = 0; ic < c; ic++) {
                        packed[(((oc / B * kh + ky) * kw + kx) * c + ic) * B + oc % B] = w[order.at(oc, ic, ky, kx)];
                    }
                }
            }
        }
        return packed;
    }

    /**
     * Output row oy of batch item {@code item}, block after block, each over the row's segments of
     * positions ({@link RowInput}): tiles of P positions, one of P/2 where at least that many are
     * left, then single positions. A block with channels past o is computed into scratch
     * ({@code P × B} floats) and only its channels below o are copied out.
     */
    private static void outputRow(Shape s, RowInput input, float[] packed, int blocks, float[] out, int item, int oy,
                                  float[] scratch) {
        int kyLo = s.kyLo(oy), rows = s.kyHi(oy) - kyLo;
        input.load(item, oy + kyLo - s.padH(), rows);
        int outRow = (item * s.ho() + oy) * s.wo() * s.o();
        for (int block = 0; block < blocks; block++) {
            int channels = Math.min(B, s.o() - block * B);
            int wAt = (block * s.kh() + kyLo) * s.kw() * s.c() * B;
            int outAt = outRow + block * B;
            for (int segment = 0; segment < input.segments(); segment++) {
                float[] in = input.array(segment);
                int pitch = input.pitch(segment);
                int ox = input.first(segment), end = input.end(segment);
                for (; ox < end; ) {
                    int positions = end - ox >= P ? P : end - ox >= P / 2 ? P / 2 : 1;
                    int xAt = input.at(segment, ox);
                    boolean whole = channels == B;
                    float[] dst = whole ? out : scratch;
                    int dstAt = whole ? outAt + ox * s.o() : 0, stride = whole ? s.o() : B;
                    switch (positions) {
                        case P -> tile(in, xAt, pitch, rows, s.run(), s.c(), packed, wAt, dst, dstAt, stride);
                        case P / 2 -> halfTile(in, xAt, pitch, rows, s.run(), s.c(), packed, wAt, dst, dstAt, stride);
                        default -> position(in, xAt, pitch, rows, s.run(), packed, wAt, dst, dstAt);
                    }
                    if (!whole) {
                        copyChannels(scratch, positions, channels, out, outAt + ox * s.o(), s.o());
                    }
                    ox += positions;
                }
            }
        }
    }

    /**
     * Where the positions of one output row read their input: a position's run of kernel row ky
     * starts at {@code at(segment, ox) + ky·pitch(segment)} in {@code array(segment)}, every tap of it
     * inside that array (zeros standing for the padding). Without padding along the width the row
     * is one segment read in place. With it, the first and last P positions, whose taps reach past
     * the image's edges, read copies of their windows with zero columns added, and the positions
     * between read in place; a row too narrow for that is read whole from a padded copy. So every
     * position takes the tiles: 20-column rows (8 + 4 + 8) compute nothing twice, and the border
     * columns cost no more than the others.
     */
    private static final class RowInput {
        private final Shape s;
        private final float[] x;
        private final boolean split;
        /** The edge windows (P positions each) or the whole padded row: kernel rows of windowPixels pixels. */
        private final float[] left, right;
        private final int windowPixels;
        private final int segments;
        private int rowAt;

        RowInput(Shape s, float[] x) {
            this.s = s;
            this.x = x;
            int wo = s.wo();
            split = s.padW() > 0 && s.padW() <= P && wo >= 2 * P;
            windowPixels = split ? P + s.kw() - 1 : wo + s.kw() - 1;
            boolean copied = s.padW() > 0;
            // every element is written by copyWindow before it is read
            left = copied ? HostArrayPool.floatsUninitialized(s.kh() * windowPixels * s.c()) : null;
            right = split ? HostArrayPool.floatsUninitialized(s.kh() * windowPixels * s.c()) : null;
            segments = split ? 3 : 1;
        }

        /** Prepares output row reading {@code rows} kernel rows from input row iy of batch item {@code item}. */
        void load(int item, int iy, int rows) {
            rowAt = s.pixel(item, iy, 0);
            if (split) {
                copyWindow(item, iy, rows, -s.padW(), left);
                copyWindow(item, iy, rows, s.wo() - P - s.padW(), right);
            } else if (left != null) {
                copyWindow(item, iy, rows, -s.padW(), left);
            }
        }

        /** Gives the windows back to the pool; the input is not to be used after. */
        void release() {
            if (left != null) {
                HostArrayPool.give(left);
            }
            if (right != null) {
                HostArrayPool.give(right);
            }
        }

        int segments() {
            return segments;
        }

        float[] array(int segment) {
            if (left == null) {
                return x;
            }
            return segment == 0 ? left : segment == 1 && split ? x : right;
        }

        int pitch(int segment) {
            return array(segment) == x ? s.rowPitch() : windowPixels * s.c();
        }

        int first(int segment) {
            return !split ? 0 : segment == 0 ? 0 : segment == 1 ? P : s.wo() - P;
        }

        int end(int segment) {
            return !split ? s.wo() : segment == 0 ? P : segment == 1 ? s.wo() - P : s.wo();
        }

        /** Where position ox's run starts in the segment's array (kernel row 0 of those loaded). */
        int at(int segment, int ox) {
            if (array(segment) == x) {
                return rowAt + (ox - s.padW()) * s.c();
            }
            return (ox - first(segment)) * s.c();
        }

        /**
         * Copies pixels [ix0, ix0 + windowPixels) of {@code rows} input rows from iy into window, one
         * kernel row after another, zeros for the pixels outside the image.
         */
        private void copyWindow(int item, int iy, int rows, int ix0, float[] window) {
            int c = s.c(), from = Math.max(0, ix0), to = Math.max(from, Math.min(s.wd(), ix0 + windowPixels));
            for (int r = 0; r < rows; r++) {
                int row = r * windowPixels * c;
                Arrays.fill(window, row, row + (from - ix0) * c, 0f);
                System.arraycopy(x, s.pixel(item, iy + r, from), window, row + (from - ix0) * c, (to - from) * c);
                Arrays.fill(window, row + (to - ix0) * c, row + windowPixels * c, 0f);
            }
        }
    }

    /**
     * Copies the first {@code channels} of each of {@code positions} blocks of B in scratch to out,
     * position p at {@code outAt + p·o}.
     */
    private static void copyChannels(float[] scratch, int positions, int channels, float[] out, int outAt, int o) {
        for (int p = 0; p < positions; p++) {
            System.arraycopy(scratch, p * B, out, outAt + p * o, channels);
        }
    }

    /**
     * The register tile: P consecutive output positions × one block of B output channels,
     * {@code dst[dstAt + p·stride + lane] =
     * Σ_(ky < rows) Σ_(j < run) x[xAt + ky·rowPitch + p·c + j] · w[wAt + (ky·run + j)·B + lane]}
     * for p < P and lane < B, each sum one chain in (ky, j) order from zero. Per element of the run:
     * two weight vectors, then one broadcast input and two multiply-adds per position. The 16 sums
     * are named locals, written out, as an array of vectors would not stay in registers.
     */
    private static void tile(float[] x, int xAt, int rowPitch, int rows, int run, int c, float[] w, int wAt,
                             float[] dst, int dstAt, int stride) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector lo0 = zero, hi0 = zero, lo1 = zero, hi1 = zero, lo2 = zero, hi2 = zero, lo3 = zero, hi3 = zero;
        FloatVector lo4 = zero, hi4 = zero, lo5 = zero, hi5 = zero, lo6 = zero, hi6 = zero, lo7 = zero, hi7 = zero;
        int wi = wAt;
        for (int ky = 0; ky < rows; ky++) {
            int xi = xAt + ky * rowPitch;
            for (int j = 0; j < run; j++, wi += B) {
                FloatVector w0 = FloatVector.fromArray(SPECIES, w, wi);
                FloatVector w1 = FloatVector.fromArray(SPECIES, w, wi + V);
                FloatVector in = FloatVector.broadcast(SPECIES, x[xi + j]);
                lo0 = in.fma(w0, lo0); hi0 = in.fma(w1, hi0);
                in = FloatVector.broadcast(SPECIES, x[xi + c + j]);
                lo1 = in.fma(w0, lo1); hi1 = in.fma(w1, hi1);
                in = FloatVector.broadcast(SPECIES, x[xi + 2 * c + j]);
                lo2 = in.fma(w0, lo2); hi2 = in.fma(w1, hi2);
                in = FloatVector.broadcast(SPECIES, x[xi + 3 * c + j]);
                lo3 = in.fma(w0, lo3); hi3 = in.fma(w1, hi3);
                in = FloatVector.broadcast(SPECIES, x[xi + 4 * c + j]);
                lo4 = in.fma(w0, lo4); hi4 = in.fma(w1, hi4);
                in = FloatVector.broadcast(SPECIES, x[xi + 5 * c + j]);
                lo5 = in.fma(w0, lo5); hi5 = in.fma(w1, hi5);
                in = FloatVector.broadcast(SPECIES, x[xi + 6 * c + j]);
                lo6 = in.fma(w0, lo6); hi6 = in.fma(w1, hi6);
                in = FloatVector.broadcast(SPECIES, x[xi + 7 * c + j]);
                lo7 = in.fma(w0, lo7); hi7 = in.fma(w1, hi7);
            }
        }
        lo0.intoArray(dst, dstAt); hi0.intoArray(dst, dstAt + V);
        lo1.intoArray(dst, dstAt + stride); hi1.intoArray(dst, dstAt + stride + V);
        lo2.intoArray(dst, dstAt + 2 * stride); hi2.intoArray(dst, dstAt + 2 * stride + V);
        lo3.intoArray(dst, dstAt + 3 * stride); hi3.intoArray(dst, dstAt + 3 * stride + V);
        lo4.intoArray(dst, dstAt + 4 * stride); hi4.intoArray(dst, dstAt + 4 * stride + V);
        lo5.intoArray(dst, dstAt + 5 * stride); hi5.intoArray(dst, dstAt + 5 * stride + V);
        lo6.intoArray(dst, dstAt + 6 * stride); hi6.intoArray(dst, dstAt + 6 * stride + V);
        lo7.intoArray(dst, dstAt + 7 * stride); hi7.intoArray(dst, dstAt + 7 * stride + V);
    }

    /** {@link #tile} for P/2 positions: 8 sums. */
    private static void halfTile(float[] x, int xAt, int rowPitch, int rows, int run, int c, float[] w, int wAt,
                                 float[] dst, int dstAt, int stride) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector lo0 = zero, hi0 = zero, lo1 = zero, hi1 = zero, lo2 = zero, hi2 = zero, lo3 = zero, hi3 = zero;
        int wi = wAt;
        for (int ky = 0; ky < rows; ky++) {
            int xi = xAt + ky * rowPitch;
            for (int j = 0; j < run; j++, wi += B) {
                FloatVector w0 = FloatVector.fromArray(SPECIES, w, wi);
                FloatVector w1 = FloatVector.fromArray(SPECIES, w, wi + V);
                FloatVector in = FloatVector.broadcast(SPECIES, x[xi + j]);
                lo0 = in.fma(w0, lo0); hi0 = in.fma(w1, hi0);
                in = FloatVector.broadcast(SPECIES, x[xi + c + j]);
                lo1 = in.fma(w0, lo1); hi1 = in.fma(w1, hi1);
                in = FloatVector.broadcast(SPECIES, x[xi + 2 * c + j]);
                lo2 = in.fma(w0, lo2); hi2 = in.fma(w1, hi2);
                in = FloatVector.broadcast(SPECIES, x[xi + 3 * c + j]);
                lo3 = in.fma(w0, lo3); hi3 = in.fma(w1, hi3);
            }
        }
        lo0.intoArray(dst, dstAt); hi0.intoArray(dst, dstAt + V);
        lo1.intoArray(dst, dstAt + stride); hi1.intoArray(dst, dstAt + stride + V);
        lo2.intoArray(dst, dstAt + 2 * stride); hi2.intoArray(dst, dstAt + 2 * stride + V);
        lo3.intoArray(dst, dstAt + 3 * stride); hi3.intoArray(dst, dstAt + 3 * stride + V);
    }

    /**
     * One output position × one block of B channels, {@code dst[dstAt + lane] =
     * Σ_(ky < rows) Σ_(j < run) x[xAt + ky·rowPitch + j] · w[wAt + (ky·run + j)·B + lane]}: the
     * last positions of a segment, too few for a tile. The run's elements are dealt in turn to four chains of sums, added at the end, so that consecutive multiply-adds
     * do not wait on each other.
     */
    private static void position(float[] x, int xAt, int rowPitch, int rows, int run, float[] w, int wAt,
                                 float[] dst, int dstAt) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector lo0 = zero, hi0 = zero, lo1 = zero, hi1 = zero, lo2 = zero, hi2 = zero, lo3 = zero, hi3 = zero;
        for (int ky = 0; ky < rows; ky++) {
            int xi = xAt + ky * rowPitch, wi = wAt + ky * run * B;
            int j = 0;
            for (; j <= run - 4; j += 4, wi += 4 * B) {
                FloatVector in = FloatVector.broadcast(SPECIES, x[xi + j]);
                lo0 = in.fma(FloatVector.fromArray(SPECIES, w, wi), lo0);
                hi0 = in.fma(FloatVector.fromArray(SPECIES, w, wi + V), hi0);
                in = FloatVector.broadcast(SPECIES, x[xi + j + 1]);
                lo1 = in.fma(FloatVector.fromArray(SPECIES, w, wi + B), lo1);
                hi1 = in.fma(FloatVector.fromArray(SPECIES, w, wi + B + V), hi1);
                in = FloatVector.broadcast(SPECIES, x[xi + j + 2]);
                lo2 = in.fma(FloatVector.fromArray(SPECIES, w, wi + 2 * B), lo2);
                hi2 = in.fma(FloatVector.fromArray(SPECIES, w, wi + 2 * B + V), hi2);
                in = FloatVector.broadcast(SPECIES, x[xi + j + 3]);
                lo3 = in.fma(FloatVector.fromArray(SPECIES, w, wi + 3 * B), lo3);
                hi3 = in.fma(FloatVector.fromArray(SPECIES, w, wi + 3 * B + V), hi3);
            }
            for (; j < run; j++, wi += B) {
                FloatVector in = FloatVector.broadcast(SPECIES, x[xi + j]);
                lo0 = in.fma(FloatVector.fromArray(SPECIES, w, wi), lo0);
                hi0 = in.fma(FloatVector.fromArray(SPECIES, w, wi + V), hi0);
            }
        }
        lo0.add(lo1).add(lo2.add(lo3)).intoArray(dst, dstAt);
        hi0.add(hi1).add(hi2.add(hi3)).intoArray(dst, dstAt + V);
    }

    /**
     * The convolution to fewer than V output channels, with the vectors along each position's runs
     * (input channels and kernel columns) instead of along the output channels: per output, the
     * runs of its valid kernel rows times the matching weights, in vectors of V (the last one
     * masked), then the lanes added in order (a vector reduction's order is unspecified, and could
     * change the bits between compilations). The weights are packed by {@link #packRuns}.
     */
    private static void byLanes(Shape s, float[] x, float[] w, WeightOrder order, float[] out) {
        float[] packed = packRuns(s, w, order);
        int ho = s.ho();
        long costPerRow = (long) s.wo() * s.o() * s.c() * s.kh() * s.kw();
        Parallel.forRange(s.n() * ho, costPerRow, (r0, r1) -> {
            float[] lanes = new float[V];
            for (int r = r0; r < r1; r++) {
                lanesRow(s, x, packed, out, r / ho, r % ho, lanes);
            }
        });
        HostArrayPool.give(packed);
    }

    /** Weights as runs, [oc][ky][kx][ic]: for one kernel row, the same order as the input a position reads. */
    private static float[] packRuns(Shape s, float[] w, WeightOrder order) {
        int c = s.c(), kh = s.kh(), kw = s.kw();
        float[] packed = HostArrayPool.floats(s.o() * kh * kw * c);
        for (int oc = 0; oc < s.o(); oc++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    for (int ic = 0; ic < c; ic++) {
                        packed[((oc * kh + ky) * kw + kx) * c + ic] = w[order.at(oc, ic, ky, kx)];
                    }
                }
            }
        }
        return packed;
    }

    /**
     * Output row oy of batch item {@code item} for {@link #byLanes}: runs of {@link #QUAD} positions
     * whose taps all lie inside the image share each weight vector ({@link #quadDot}); the others,
     * their kernel columns clipped to the image, go one at a time ({@link #dot}). lanes is V floats
     * of scratch.
     */
    private static void lanesRow(Shape s, float[] x, float[] packed, float[] out, int item, int oy, float[] lanes) {
        int kyLo = s.kyLo(oy), rows = s.kyHi(oy) - kyLo;
        int iy = oy + kyLo - s.padH();
        int wRowPitch = s.run(), wPerChannel = s.kh() * s.run();
        int outAt = (item * s.ho() + oy) * s.wo() * s.o();
        for (int ox = 0; ox < s.wo(); ) {
            if (s.inside(ox, QUAD)) {
                int xAt = s.pixel(item, iy, ox - s.padW());
                for (int oc = 0, wAt = kyLo * wRowPitch; oc < s.o(); oc++, wAt += wPerChannel) {
                    quadDot(x, xAt, s.c(), s.rowPitch(), packed, wAt, wRowPitch, rows, s.run(), lanes, out,
                            outAt + oc, s.o());
                }
                ox += QUAD;
                outAt += QUAD * s.o();
            } else {
                int kxLo = s.kxLo(ox), run = (s.kxHi(ox) - kxLo) * s.c();
                int xAt = s.pixel(item, iy, ox + kxLo - s.padW());
                for (int oc = 0, wAt = kyLo * wRowPitch + kxLo * s.c(); oc < s.o(); oc++, wAt += wPerChannel) {
                    out[outAt + oc] = dot(x, xAt, s.rowPitch(), packed, wAt, wRowPitch, rows, run, lanes);
                }
                ox++;
                outAt += s.o();
            }
        }
    }

    /**
     * {@code Σ_(ky < rows) Σ_(j < run) x[xAt + ky·xRowPitch + j] · w[wAt + ky·wRowPitch + j]}: one
     * vector of sums over the runs, then its lanes added in order.
     */
    private static float dot(float[] x, int xAt, int xRowPitch, float[] w, int wAt, int wRowPitch, int rows, int run,
                             float[] lanes) {
        FloatVector sum = FloatVector.zero(SPECIES);
        for (int ky = 0; ky < rows; ky++) {
            int xi = xAt + ky * xRowPitch, wi = wAt + ky * wRowPitch;
            int j = 0;
            for (; j <= run - V; j += V) {
                sum = FloatVector.fromArray(SPECIES, x, xi + j).fma(FloatVector.fromArray(SPECIES, w, wi + j), sum);
            }
            if (j < run) {
                VectorMask<Float> tail = SPECIES.indexInRange(j, run);
                sum = FloatVector.fromArray(SPECIES, x, xi + j, tail)
                        .fma(FloatVector.fromArray(SPECIES, w, wi + j, tail), sum);
            }
        }
        return sumLanes(sum, lanes);
    }

    /**
     * {@link #dot} for QUAD consecutive positions, their runs {@code step} floats apart, each weight
     * vector loaded once for all four (and four chains of sums rather than one): the sums of position
     * q go to {@code out[outAt + q·outStep]}.
     */
    private static void quadDot(float[] x, int xAt, int step, int xRowPitch, float[] w, int wAt, int wRowPitch,
                                int rows, int run, float[] lanes, float[] out, int outAt, int outStep) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        for (int ky = 0; ky < rows; ky++) {
            int xi = xAt + ky * xRowPitch, wi = wAt + ky * wRowPitch;
            int j = 0;
            for (; j <= run - V; j += V) {
                FloatVector wv = FloatVector.fromArray(SPECIES, w, wi + j);
                s0 = FloatVector.fromArray(SPECIES, x, xi + j).fma(wv, s0);
                s1 = FloatVector.fromArray(SPECIES, x, xi + step + j).fma(wv, s1);
                s2 = FloatVector.fromArray(SPECIES, x, xi + 2 * step + j).fma(wv, s2);
                s3 = FloatVector.fromArray(SPECIES, x, xi + 3 * step + j).fma(wv, s3);
            }
            if (j < run) {
                VectorMask<Float> tail = SPECIES.indexInRange(j, run);
                FloatVector wv = FloatVector.fromArray(SPECIES, w, wi + j, tail);
                s0 = FloatVector.fromArray(SPECIES, x, xi + j, tail).fma(wv, s0);
                s1 = FloatVector.fromArray(SPECIES, x, xi + step + j, tail).fma(wv, s1);
                s2 = FloatVector.fromArray(SPECIES, x, xi + 2 * step + j, tail).fma(wv, s2);
                s3 = FloatVector.fromArray(SPECIES, x, xi + 3 * step + j, tail).fma(wv, s3);
            }
        }
        out[outAt] = sumLanes(s0, lanes);
        out[outAt + outStep] = sumLanes(s1, lanes);
        out[outAt + 2 * outStep] = sumLanes(s2, lanes);
        out[outAt + 3 * outStep] = sumLanes(s3, lanes);
    }

    /** The lanes of v added in lane order, through lanes (V floats of scratch). */
    private static float sumLanes(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        float total = 0f;
        for (int lane = 0; lane < V; lane++) {
            total += lanes[lane];
        }
        return total;
    }

    /**
     * A forward convolution's sizes and padding, and the index arithmetic on its NHWC input:
     * x is [n, h, wd, c], the weights [o, c, kh, kw].
     */
    private record Shape(int n, int c, int h, int wd, int o, int kh, int kw, int padH, int padW) {
        Shape {
            if (n < 0 || c < 0 || h < 0 || wd < 0 || o < 0 || kh < 1 || kw < 1 || padH < 0 || padW < 0) {
                throw new IllegalArgumentException("bad convolution shape: n=" + n + " c=" + c + " h=" + h + " w=" + wd
                        + " o=" + o + " kernel " + kh + "x" + kw + " padding (" + padH + ", " + padW + ")");
            }
        }

        int ho() {
            return h + 2 * padH - kh + 1;
        }

        int wo() {
            return wd + 2 * padW - kw + 1;
        }

        /** Floats between vertically adjacent pixels. */
        int rowPitch() {
            return wd * c;
        }

        /** Floats one kernel row of a position reads: every kx and input channel. */
        int run() {
            return kw * c;
        }

        /** Whether every tap of output columns {@code [ox0, ox0 + positions)} lies inside the image's columns. */
        boolean inside(int ox0, int positions) {
            return ox0 >= padW && ox0 + positions + kw - 1 - padW <= wd;
        }

        /** The index of {@code x[item, iy, ix, 0]}. */
        int pixel(int item, int iy, int ix) {
            return ((item * h + iy) * wd + ix) * c;
        }

        /** The first kernel row that output row oy reads inside the image. */
        int kyLo(int oy) {
            return Math.max(0, padH - oy);
        }

        /** Past the last kernel row that output row oy reads inside the image. */
        int kyHi(int oy) {
            return Math.min(kh, h + padH - oy);
        }

        /** The first kernel column that output column ox reads inside the image. */
        int kxLo(int ox) {
            return Math.max(0, padW - ox);
        }

        /** Past the last kernel column that output column ox reads inside the image. */
        int kxHi(int ox) {
            return Math.min(kw, wd + padW - ox);
        }

        /** Throws unless x, the weights and out hold at least the elements the shape needs. */
        void checkLengths(float[] x, int weights, float[] out) {
            long outSize = (long) n * Math.max(0, ho()) * Math.max(0, wo()) * o;
            if (x.length < (long) n * h * wd * c || weights < (long) o * c * kh * kw || out.length < outSize) {
                throw new IllegalArgumentException("arrays of " + x.length + ", " + weights + " and " + out.length
                        + " floats are too short for " + this);
            }
        }
    }

    /**
     * Where weight (oc, ic, ky, kx) of the forward convolution lies in the caller's array:
     * {@code base + oc·ocStride + ic·icStride + ky·kyStride + kx·kxStride}.
     */
    private record WeightOrder(int base, int ocStride, int icStride, int kyStride, int kxStride) {
        /** PyTorch's convolution weights, [o, c, kh, kw]. */
        static WeightOrder forward(int c, int kh, int kw) {
            return new WeightOrder(0, c * kh * kw, kh * kw, kw, 1);
        }

        /**
         * A transposed convolution's weights [c, o, kh, kw] (its input channels first) read as the
         * forward convolution's: {@code w'[oc, ic, ky, kx] = w[ic, oc, kh − 1 − ky, kw − 1 − kx]}.
         */
        static WeightOrder flippedTransposed(int o, int kh, int kw) {
            return new WeightOrder(kh * kw - 1, kh * kw, o * kh * kw, -kw, -1);
        }

        int at(int oc, int ic, int ky, int kx) {
            return base + oc * ocStride + ic * icStride + ky * kyStride + kx * kxStride;
        }
    }
}
