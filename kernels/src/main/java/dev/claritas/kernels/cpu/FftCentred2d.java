package dev.claritas.kernels.cpu;

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
 * rows is loaded into a block in lane layout (point x of row {@code y0 + l} at {@code block[2 L x
 * + l]}, its imaginary part L further on), transformed, and written into the work image, which is
 * kept as tiles of L columns in the same layout (row y of column {@code t L + l} at
 * {@code work[2 L (t h + y) + l]}); each tile is then transformed in place and stored. The loads
 * and stores, which centre, scale and convert anyway, also do the transposes. A last group or tile
 * with fewer than L rows or columns runs whole: its spare lanes hold leftovers that no output
 * reads, as lanes never mix. Without the Vector API L is 1: the same loops move single rows and
 * columns and the scalar plans transform them. Both give the same bits, as each lane does the
 * scalar plan's operations.
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
    /** Centring of one axis: load {@code x[map[i]] * sign[i]}, store {@code X[k] * sign[k]} at {@code map[k]}. */
    private record Axis(int[] map, double[] sign, double globalSign) {
        static Axis of(int n) {
            int[] map = new int[n];
            double[] sign = new double[n];
            boolean even = n % 2 == 0;
            for (int i = 0; i < n; i++) {
                map[i] = even ? i : (i + n / 2) % n;
                sign[i] = even && i % 2 == 1 ? -1 : 1;
            }
            return new Axis(map, sign, even && (n / 2) % 2 == 1 ? -1 : 1);
        }
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
    /** {@code 1/sqrt(h w)} times the global signs of both axes. */
    private final double outputScale;
    /** Sequences transformed together, L above: the vector's lanes, or 1 on the scalar path. */
    private final int lanes;
    /** Doubles per complex point in lane layout. */
    private final int pointStride;
    /** Tiles of {@code lanes} columns in the work image. */
    private final int tiles;

    FftCentred2d(int height, int width, boolean inverse) {
        this(height, width, inverse, Vectorization.ENABLED);
    }

    /** {@code vector}: transform {@link FftLanesVector#LANES} rows or columns at once (only where {@link Vectorization#ENABLED}). */
    FftCentred2d(int height, int width, boolean inverse, boolean vector) {
        this.height = height;
        this.width = width;
        this.yAxis = Axis.of(height);
        this.xAxis = Axis.of(width);
        this.rowPlan = FftPlan.forLength(width);
        this.columnPlan = FftPlan.forLength(height);
        this.imaginarySign = inverse ? -1 : 1;
        this.outputScale = yAxis.globalSign * xAxis.globalSign / Math.sqrt((double) height * width);
        this.lanes = vector ? FftLanesVector.LANES : 1;
        this.pointStride = 2 * lanes;
        this.tiles = (width + lanes - 1) / lanes;
    }

    private int imageLength() {
        return 2 * height * width;
    }

    /** Reads rows of source images and writes tiles of transformed columns, in the caller's precision. */
    private sealed interface Images permits FloatImages, DoubleImages {
        /** Loads centred rows {@code [y0, y0 + count)} of {@code image} into {@code block}, in lane layout. */
        void loadRows(int image, int y0, int count, double[] block);

        /** Stores columns {@code [x0, x0 + count)} of {@code image}, the tile at {@code work[tile...]}. */
        void storeColumns(int image, double[] work, int tile, int x0, int count);
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
            double[] work = new double[tiles * pointStride * height];
            for (int image = from; image < to; image++) {
                transformRows(images, image, work);
                transformColumns(images, image, work);
            }
        });
    }

    private void transformRows(Images images, int image, double[] work) {
        int groups = (height + lanes - 1) / lanes;
        long groupCost = 10L * lanes * width * bits(width);
        Parallel.forRange(groups, groupCost, (from, to) -> {
            double[] block = new double[pointStride * width];
            double[] scratch = new double[lanes * rowPlan.scratchLength()];
            for (int g = from; g < to; g++) {
                int y0 = g * lanes;
                int count = Math.min(lanes, height - y0);
                images.loadRows(image, y0, count, block);
                forward(rowPlan, block, 0, scratch);
                storeRows(block, y0, count, work);
            }
        });
    }

    private void transformColumns(Images images, int image, double[] work) {
        long tileCost = 10L * lanes * height * bits(height);
        Parallel.forRange(tiles, tileCost, (from, to) -> {
            double[] scratch = new double[lanes * columnPlan.scratchLength()];
            for (int t = from; t < to; t++) {
                int tile = t * pointStride * height;
                int x0 = t * lanes;
                forward(columnPlan, work, tile, scratch);
                images.storeColumns(image, work, tile, x0, Math.min(lanes, width - x0));
            }
        });
    }

    private void forward(FftPlan plan, double[] data, int offset, double[] scratch) {
        if (lanes == 1) {
            plan.forward(data, offset, scratch);
        } else {
            FftLanesVector.forward(plan, data, offset, scratch);
        }
    }

    /** Writes rows {@code [y0, y0 + count)}, transformed in {@code block}, into the work image's tiles. */
    private void storeRows(double[] block, int y0, int count, double[] work) {
        for (int t = 0; t < tiles; t++) {
            int x0 = t * lanes;
            int columns = Math.min(lanes, width - x0);
            int tile = pointStride * (t * height + y0);
            for (int c = 0; c < columns; c++) {
                int from = pointStride * (x0 + c);
                for (int l = 0; l < count; l++) {
                    int to = tile + pointStride * l + c;
                    work[to] = block[from + l];
                    work[to + lanes] = block[from + lanes + l];
                }
            }
        }
    }

    /** Bit length of n: a rough log2 for the cost estimates {@link Parallel} uses to decide whether to split. */
    private static int bits(int n) {
        return 32 - Integer.numberOfLeadingZeros(n);
    }

    private final class FloatImages implements Images {
        private final float[] src;
        private final int srcOff;
        private final float[] dst;
        private final int dstOff;

        FloatImages(float[] src, int srcOff, float[] dst, int dstOff) {
            this.src = src;
            this.srcOff = srcOff;
            this.dst = dst;
            this.dstOff = dstOff;
        }

        @Override
        public void loadRows(int image, int y0, int count, double[] block) {
            for (int l = 0; l < count; l++) {
                int base = srcOff + image * imageLength() + 2 * width * yAxis.map[y0 + l];
                double rowSign = yAxis.sign[y0 + l];
                double imSign = rowSign * imaginarySign;
                for (int x = 0, to = l; x < width; x++, to += pointStride) {
                    int from = base + 2 * xAxis.map[x];
                    double sign = xAxis.sign[x];
                    block[to] = src[from] * rowSign * sign;
                    block[to + lanes] = src[from + 1] * imSign * sign;
                }
            }
        }

        @Override
        public void storeColumns(int image, double[] work, int tile, int x0, int count) {
            for (int k = 0; k < height; k++) {
                int base = dstOff + image * imageLength() + 2 * width * yAxis.map[k];
                double reScale = outputScale * yAxis.sign[k];
                double imScale = reScale * imaginarySign;
                int from = tile + pointStride * k;
                for (int c = 0; c < count; c++) {
                    int to = base + 2 * xAxis.map[x0 + c];
                    double sign = xAxis.sign[x0 + c];
                    dst[to] = (float) (work[from + c] * reScale * sign);
                    dst[to + 1] = (float) (work[from + lanes + c] * imScale * sign);
                }
            }
        }
    }

    private final class DoubleImages implements Images {
        private final double[] src;
        private final int srcOff;
        private final double[] dst;
        private final int dstOff;

        DoubleImages(double[] src, int srcOff, double[] dst, int dstOff) {
            this.src = src;
            this.srcOff = srcOff;
            this.dst = dst;
            this.dstOff = dstOff;
        }

        @Override
        public void loadRows(int image, int y0, int count, double[] block) {
            for (int l = 0; l < count; l++) {
                int base = srcOff + image * imageLength() + 2 * width * yAxis.map[y0 + l];
                double rowSign = yAxis.sign[y0 + l];
                double imSign = rowSign * imaginarySign;
                for (int x = 0, to = l; x < width; x++, to += pointStride) {
                    int from = base + 2 * xAxis.map[x];
                    double sign = xAxis.sign[x];
                    block[to] = src[from] * rowSign * sign;
                    block[to + lanes] = src[from + 1] * imSign * sign;
                }
            }
        }

        @Override
        public void storeColumns(int image, double[] work, int tile, int x0, int count) {
            for (int k = 0; k < height; k++) {
                int base = dstOff + image * imageLength() + 2 * width * yAxis.map[k];
                double reScale = outputScale * yAxis.sign[k];
                double imScale = reScale * imaginarySign;
                int from = tile + pointStride * k;
                for (int c = 0; c < count; c++) {
                    int to = base + 2 * xAxis.map[x0 + c];
                    double sign = xAxis.sign[x0 + c];
                    dst[to] = work[from + c] * reScale * sign;
                    dst[to + 1] = work[from + lanes + c] * imScale * sign;
                }
            }
        }
    }
}
