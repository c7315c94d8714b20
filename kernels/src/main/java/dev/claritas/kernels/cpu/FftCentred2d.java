package dev.claritas.kernels.cpu;

import dev.claritas.tensor.DType;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fastMRI's centred orthonormal 2-D FFT, {@code fftshift(fft2(ifftshift(x), norm="ortho"))} (or
 * with {@code ifft2} for the inverse), of a batch of row-major h x w images of interleaved complex
 * values. Each image is transformed along its rows into a double work image, then along its
 * columns into the destination. All arithmetic is in double; float data is widened on load and
 * rounded once on store.
 *
 * <p><b>Lanes.</b> With the Vector API, L sequences (L the lanes of a double vector) are
 * transformed together by {@link FftLanesVector}, one per lane: vectorising across independent
 * transforms needs no shuffles inside a transform and keeps every butterfly whole. A group of L
 * rows is widened and centred into a row buffer, then transposed into lane layout (point x of row
 * {@code y0 + l} at {@code block[2 L x + l]}, its imaginary part L further on), transformed, and
 * transposed again into the work image, which is kept as tiles of L columns in the same layout
 * (row y of column {@code t L + l} at {@code work[2 L (t H + y) + l]}, H the height rounded up to
 * whole groups); each tile is then transformed in place and stored, real and imaginary vectors
 * interleaved. A last group or tile with fewer than L rows or columns runs whole: its spare lanes
 * hold leftovers that no output reads, as lanes never mix. Without the Vector API L is 1: the
 * work image is column-major, rows and columns are moved in groups of 8 (so that stores fill
 * cache lines) and the scalar plans transform them one by one. Both paths give the same bits, as
 * each lane does the scalar plan's operations.
 *
 * <p><b>Centring without extra passes.</b> The transform is separable, so each axis is centred on
 * its own, inside the loads (which read {@code x[map(i)] * sign(i)}) and the stores (which write
 * {@code X[k] * sign(k)} to {@code map(k)}).
 * <ul>
 *   <li>Odd length n: {@code ifftshift} and {@code fftshift} are rotations in opposite directions,
 *       {@code ifftshift(x)[j] = x[(j + n/2) mod n]} and {@code fftshift(X)[(k + n/2) mod n] = X[k]}
 *       (n/2 rounded down), so {@code map(i) = (i + n/2) mod n} and the sign is 1.
 *   <li>Even length n: both shifts rotate by n/2. With X the DFT of {@code ifftshift(x)},
 *       {@code w = exp(-/+2 pi i / n)} (so {@code w^(n/2) = -1}) and {@code m = j + n/2}:
 *       <pre>
 *   Y[k] = X[k + n/2] = sum_j x[j + n/2] w^(j (k + n/2)) = sum_m x[m] w^((m - n/2)(k + n/2))
 *        = (-1)^(n/2) (-1)^k sum_m (-1)^m x[m] w^(m k)
 *       </pre>
 *       as {@code (m - n/2)(k + n/2) = mk + (n/2) m - (n/2) k - (n/2)^2} and
 *       {@code w^(-(n/2)^2) = (-1)^(n/2)}. So
 *       {@code map(i) = i}, {@code sign(i) = (-1)^i} (the checkerboard, once in and once out) and a
 *       global sign {@code (-1)^(n/2)}, folded into the output scale with {@code 1/sqrt(h w)}.
 * </ul>
 * The inverse uses {@code ifft(x) = conj(fft(conj(x)))} (the shifts commute with conjugation): the
 * imaginary parts are negated on load and on store.
 *
 * <p>Every output value is computed by the same sequence of operations whatever the thread count,
 * so results are bitwise reproducible.
 */
final class FftCentred2d {
    /**
     * Centring of one axis: load {@code x[map[i]] * sign[i]}, store {@code X[k] * sign[k]} at
     * {@code map[k]}, where {@code map[i] = (i + rotation) mod n}.
     */
    private record Axis(int rotation, int[] map, double[] sign, double globalSign) {
        static Axis of(int n) {
            boolean even = n % 2 == 0;
            int rotation = even ? 0 : n / 2;
            int[] map = new int[n];
            double[] sign = new double[n];
            for (int i = 0; i < n; i++) {
                map[i] = (i + rotation) % n;
                sign[i] = even && i % 2 == 1 ? -1 : 1;
            }
            return new Axis(rotation, map, sign, even && (n / 2) % 2 == 1 ? -1 : 1);
        }
    }

    private record Shape(int height, int width, boolean inverse) {}

    private static final ConcurrentHashMap<Shape, FftCentred2d> CACHE = new ConcurrentHashMap<>();

    /** The shared transform of h x w images, built on first use and kept with its working memory. */
    static FftCentred2d of(int height, int width, boolean inverse) {
        return CACHE.computeIfAbsent(new Shape(height, width, inverse),
                s -> new FftCentred2d(height, width, inverse, Vectorization.ENABLED));
    }

    private final int height;
    private final int width;
    /** Centring along y (the h rows) and x (the w columns). */
    private final Axis yAxis;
    private final Axis xAxis;
    /** Transforms one row (w points) and one column (h points). */
    private final FftPlan rowPlan;
    private final FftPlan columnPlan;
    /** -1 for the inverse: imaginary parts are negated on load and store. */
    private final double imaginarySign;
    /** Load signs of a row's 2w doubles: {@code xAxis.sign}, and for imaginary parts {@code imaginarySign} too. */
    private final double[] loadSign;
    /** {@code 1/sqrt(h w)} times the global signs of both axes. */
    private final double outputScale;
    /** Sequences transformed together, L above: the vector's lanes, or 1 on the scalar path. */
    private final int lanes;
    /** Doubles per complex point in lane layout. */
    private final int pointStride;
    /**
     * Rows or columns moved together: the lanes, or on the scalar path 8 single ones, so that a
     * store into the work image or the output covers 8 neighbouring values rather than one.
     */
    private final int group;
    /** Tiles of {@code lanes} columns in the work image. */
    private final int tiles;
    /** Rows of a tile: the height rounded up to a whole group of rows. */
    private final int paddedHeight;
    /** Doubles of a tile. */
    private final int tileLength;
    /** Where column c of a group starts relative to the group's first tile: tile c / L, lane c mod L. */
    private final int[] groupColumn;


    /** {@code vector}: transform {@link FftLanesVector#LANES} rows or columns at once (only where {@link Vectorization#ENABLED}). */
    FftCentred2d(int height, int width, boolean inverse, boolean vector) {
        this.height = height;
        this.width = width;
        this.yAxis = Axis.of(height);
        this.xAxis = Axis.of(width);
        this.rowPlan = FftPlan.forLength(width);
        this.columnPlan = FftPlan.forLength(height);
        this.imaginarySign = inverse ? -1 : 1;
        this.loadSign = new double[2 * width];
        for (int x = 0; x < width; x++) {
            loadSign[2 * x] = xAxis.sign[x];
            loadSign[2 * x + 1] = xAxis.sign[x] * imaginarySign;
        }
        this.outputScale = yAxis.globalSign * xAxis.globalSign / Math.sqrt((double) height * width);
        this.lanes = vector ? FftLanesVector.LANES : 1;
        this.pointStride = 2 * lanes;
        this.group = lanes == 1 ? 8 : lanes;
        this.tiles = (width + lanes - 1) / lanes;
        this.paddedHeight = (height + group - 1) / group * group;
        this.tileLength = pointStride * paddedHeight;
        this.groupColumn = new int[group];
        for (int c = 0; c < group; c++) {
            groupColumn[c] = c / lanes * tileLength + c % lanes;
        }
    }

    private int imageLength() {
        return 2 * height * width;
    }

    /**
     * Reads rows of source images and writes tiles of transformed columns, in the caller's precision:
     * the walk over rows and columns is shared, the copies of one stretch or row are the subclass's.
     */
    private abstract sealed class Images permits FloatImages, DoubleImages {
        final int srcOff;
        final int dstOff;

        Images(int srcOff, int dstOff) {
            this.srcOff = srcOff;
            this.dstOff = dstOff;
        }

        /**
         * Loads centred rows {@code [y0, y0 + count)} of {@code image} as doubles, row {@code y0 + l}
         * at {@code rows[l * rowLength...]}.
         */
        final void loadRows(int image, int y0, int count, double[] rows, int rowLength) {
            // Doubles of a source row from its rotation point to its end, then from its start.
            int head = 2 * (width - xAxis.rotation);
            for (int l = 0; l < count; l++) {
                int from = srcOff + image * imageLength() + 2 * width * yAxis.map[y0 + l];
                double rowSign = yAxis.sign[y0 + l];
                int to = l * rowLength;
                loadStretch(from + 2 * xAxis.rotation, rowSign, 0, rows, to, head);
                loadStretch(from, rowSign, head, rows, to + head, 2 * width - head);
            }
        }

        /** {@code rows[to + i] = src[from + i] * rowSign * loadSign[signOff + i]} for {@code i < length}. */
        abstract void loadStretch(int from, double rowSign, int signOff, double[] rows, int to, int length);

        /**
         * Stores columns {@code [x0, x0 + count)} of {@code image}, a group whose first tile is at
         * {@code work[tile...]}.
         */
        final void storeColumns(int image, double[] work, int tile, int x0, int count) {
            boolean vector = storesWhole(x0, count);
            for (int k = 0; k < height; k++) {
                int base = dstOff + image * imageLength() + 2 * width * yAxis.map[k];
                double reScale = outputScale * yAxis.sign[k];
                storeRow(work, tile + pointStride * k, reScale, reScale * imaginarySign, x0, count, base, vector);
            }
        }

        /**
         * Stores output row k's points of columns {@code [x0, x0 + count)}, read from {@code work[from...]}
         * (lane layout), scaled and centred into the row at {@code dst[base...]}; by vectors where
         * {@link #storesWhole} said so.
         */
        abstract void storeRow(double[] work, int from, double reScale, double imScale, int x0, int count, int base,
                               boolean vector);
    }

    void transform(float[] src, int srcOff, float[] dst, int dstOff, int batch) {
        transform(new FloatImages(src, srcOff, dst, dstOff), batch);
    }

    void transform(double[] src, int srcOff, double[] dst, int dstOff, int batch) {
        transform(new DoubleImages(src, srcOff, dst, dstOff), batch);
    }

    private void transform(Images images, int batch) {
        long pointCost = 10L * (bits(height) + bits(width));
        Parallel.forRange(batch, pointCost * height * width, (from, to) -> {
            // a transform writes every element it later reads: recycled memory needs no clearing
            double[] work = doubles(tiles * tileLength);
            for (int image = from; image < to; image++) {
                transformRows(images, image, work);
                transformColumns(images, image, work);
            }
            HostArrayPool.give(work);
        });
    }

    /**
     * Working memory of a thread in a pass: a group of rows as loaded ({@code rows}, where the
     * scalar path transforms them) and in lane layout ({@code block}), and the plans' scratch,
     * which may end up holding a transformed block.
     */
    private record Buffers(double[] rows, double[] block, double[] scratch) {}

    /** Buffers from the {@link HostArrayPool}, for {@link #give} to hand back. */
    private Buffers takeBuffers() {
        double[] rows = doubles(group * rowLength());
        double[] block = lanes == 1 ? rows : doubles(lanes * rowLength());
        int scratch = Math.max(rowPlan.scratchLength(), columnPlan.scratchLength());
        return new Buffers(rows, block, doubles(lanes * Math.max(scratch, rowLength())));
    }

    private static void give(Buffers buffers) {
        HostArrayPool.give(buffers.rows());
        if (buffers.block() != buffers.rows()) {
            HostArrayPool.give(buffers.block());
        }
        HostArrayPool.give(buffers.scratch());
    }

    private static double[] doubles(int length) {
        return (double[]) HostArrayPool.takeUninitialized(DType.FLOAT64, length);
    }

    /** Doubles of one row in lane layout, rounded up to whole L x L squares. */
    private int rowLength() {
        return 2 * lanes * tiles;
    }

    private void transformRows(Images images, int image, double[] work) {
        long groupCost = 10L * group * width * bits(width);
        int rowLength = rowLength();
        Parallel.forRange(paddedHeight / group, groupCost, (from, to) -> {
            Buffers own = takeBuffers();
            double[] rows = own.rows();
            double[] block = own.block();
            for (int g = from; g < to; g++) {
                int y0 = g * group;
                int count = Math.min(group, height - y0);
                images.loadRows(image, y0, count, rows, rowLength);
                if (lanes == 1) {
                    for (int l = 0; l < count; l++) {
                        rowPlan.forward(rows, l * rowLength, own.scratch());
                    }
                    storeRows(rows, rowLength, y0, count, work);
                    continue;
                }
                for (int m = 0; m < rowLength; m += lanes) {
                    FftLanesVector.transpose(rows, m, rowLength, block, m * lanes, lanes);
                }
                boolean inScratch = FftLanesVector.transform(rowPlan, block, 0, own.scratch());
                storeRows(inScratch ? own.scratch() : block, y0, work);
            }
            give(own);
        });
    }

    private void transformColumns(Images images, int image, double[] work) {
        long groupCost = 10L * group * height * bits(height);
        Parallel.forRange((width + group - 1) / group, groupCost, (from, to) -> {
            Buffers own = takeBuffers();
            for (int g = from; g < to; g++) {
                int x0 = g * group;
                int count = Math.min(group, width - x0);
                int tile = x0 / lanes * tileLength;
                if (lanes == 1) {
                    for (int c = 0; c < count; c++) {
                        columnPlan.forward(work, tile + c * tileLength, own.scratch());
                    }
                    images.storeColumns(image, work, tile, x0, count);
                } else if (FftLanesVector.transform(columnPlan, work, tile, own.scratch())) {
                    images.storeColumns(image, own.scratch(), 0, x0, count);
                } else {
                    images.storeColumns(image, work, tile, x0, count);
                }
            }
            give(own);
        });
    }

    /** The scalar path's rows {@code [y0, y0 + count)}, transformed in {@code rows}, into their one-column tiles. */
    private void storeRows(double[] rows, int rowLength, int y0, int count, double[] work) {
        for (int x = 0; x < width; x++) {
            int to = x * tileLength + 2 * y0;
            for (int l = 0; l < count; l++) {
                work[to + 2 * l] = rows[l * rowLength + 2 * x];
                work[to + 2 * l + 1] = rows[l * rowLength + 2 * x + 1];
            }
        }
    }

    /**
     * Writes rows {@code [y0, y0 + L)}, transformed in {@code block} in lane layout, into the work
     * image's tiles, transposing each L x L square of real and of imaginary parts.
     */
    private void storeRows(double[] block, int y0, double[] work) {
        for (int t = 0; t < tiles; t++) {
            int from = pointStride * lanes * t;
            int to = t * tileLength + pointStride * y0;
            FftLanesVector.transpose(block, from, pointStride, work, to, pointStride);
            FftLanesVector.transpose(block, from + lanes, pointStride, work, to + lanes, pointStride);
        }
    }

    /** Whether a tile's columns are all there and land side by side in the output, so that vectors store them. */
    private boolean storesWhole(int x0, int count) {
        return lanes > 1 && count == lanes && xAxis.map[x0 + lanes - 1] == xAxis.map[x0] + lanes - 1;
    }

    /** Bit length of n: a rough log2 for the cost estimates {@link Parallel} uses to decide whether to split. */
    private static int bits(int n) {
        return 32 - Integer.numberOfLeadingZeros(n);
    }

    private final class FloatImages extends Images {
        private final float[] src;
        private final float[] dst;

        FloatImages(float[] src, int srcOff, float[] dst, int dstOff) {
            super(srcOff, dstOff);
            this.src = src;
            this.dst = dst;
        }

        @Override
        void loadStretch(int from, double rowSign, int signOff, double[] rows, int to, int length) {
            if (lanes > 1) {
                FftLanesVector.loadRow(src, from, rowSign, loadSign, signOff, rows, to, length);
                return;
            }
            for (int i = 0; i < length; i++) {
                rows[to + i] = src[from + i] * rowSign * loadSign[signOff + i];
            }
        }

        @Override
        void storeRow(double[] work, int from, double reScale, double imScale, int x0, int count, int base,
                      boolean vector) {
            if (vector) {
                FftLanesVector.storeRow(work, from, reScale, imScale, xAxis.sign, x0, dst, base + 2 * xAxis.map[x0]);
                return;
            }
            for (int c = 0; c < count; c++) {
                int to = base + 2 * xAxis.map[x0 + c];
                double sign = xAxis.sign[x0 + c];
                int at = from + groupColumn[c];
                dst[to] = (float) (work[at] * reScale * sign);
                dst[to + 1] = (float) (work[at + lanes] * imScale * sign);
            }
        }
    }

    private final class DoubleImages extends Images {
        private final double[] src;
        private final double[] dst;

        DoubleImages(double[] src, int srcOff, double[] dst, int dstOff) {
            super(srcOff, dstOff);
            this.src = src;
            this.dst = dst;
        }

        @Override
        void loadStretch(int from, double rowSign, int signOff, double[] rows, int to, int length) {
            if (lanes > 1) {
                FftLanesVector.loadRow(src, from, rowSign, loadSign, signOff, rows, to, length);
                return;
            }
            for (int i = 0; i < length; i++) {
                rows[to + i] = src[from + i] * rowSign * loadSign[signOff + i];
            }
        }

        @Override
        void storeRow(double[] work, int from, double reScale, double imScale, int x0, int count, int base,
                      boolean vector) {
            if (vector) {
                FftLanesVector.storeRow(work, from, reScale, imScale, xAxis.sign, x0, dst, base + 2 * xAxis.map[x0]);
                return;
            }
            for (int c = 0; c < count; c++) {
                int to = base + 2 * xAxis.map[x0 + c];
                double sign = xAxis.sign[x0 + c];
                int at = from + groupColumn[c];
                dst[to] = work[at] * reScale * sign;
                dst[to + 1] = work[at + lanes] * imScale * sign;
            }
        }
    }
}
