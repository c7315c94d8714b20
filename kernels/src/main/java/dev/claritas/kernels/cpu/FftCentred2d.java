package dev.claritas.kernels.cpu;

/**
 * fastMRI's centred orthonormal 2-D FFT, {@code fftshift(fft2(ifftshift(x), norm="ortho"))} (or
 * with {@code ifft2} for the inverse), of a batch of row-major h x w images of interleaved complex
 * values. Each image is transformed along its rows into a double work image, then along its
 * columns, a block of columns at a time, into the destination. All arithmetic is in double; float
 * data is widened on load and rounded once on store.
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
    /** Columns transformed together: 8 columns of 640 points are 80 KiB of scratch. */
    private static final int COLUMN_BLOCK = 8;

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

    FftCentred2d(int height, int width, boolean inverse) {
        this.height = height;
        this.width = width;
        this.yAxis = Axis.of(height);
        this.xAxis = Axis.of(width);
        this.rowPlan = FftPlan.forLength(width);
        this.columnPlan = FftPlan.forLength(height);
        this.imaginarySign = inverse ? -1 : 1;
        this.outputScale = yAxis.globalSign * xAxis.globalSign / Math.sqrt((double) height * width);
    }

    private int imageLength() {
        return 2 * height * width;
    }

    /** Reads rows of source images and writes blocks of transformed columns, in the caller's precision. */
    private sealed interface Images permits FloatImages, DoubleImages {
        /** Writes centred row {@code srcRow} of {@code image}, times {@code rowSign}, to {@code row[rowOff, rowOff + 2w)}. */
        void loadRow(int image, int srcRow, double rowSign, double[] row, int rowOff);

        /** Stores columns {@code [x0, x0 + count)} of {@code image}, held column by column in {@code block}. */
        void storeColumns(int image, double[] block, int x0, int count);
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
            double[] work = new double[imageLength()];
            for (int image = from; image < to; image++) {
                transformRows(images, image, work);
                transformColumns(images, image, work);
            }
        });
    }

    private void transformRows(Images images, int image, double[] work) {
        long rowCost = 10L * width * bits(width);
        Parallel.forRange(height, rowCost, (from, to) -> {
            double[] scratch = new double[rowPlan.scratchLength()];
            for (int y = from; y < to; y++) {
                int at = 2 * width * y;
                images.loadRow(image, yAxis.map[y], yAxis.sign[y], work, at);
                rowPlan.forward(work, at, scratch);
            }
        });
    }

    private void transformColumns(Images images, int image, double[] work) {
        int blocks = (width + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        long blockCost = 10L * COLUMN_BLOCK * height * bits(height);
        Parallel.forRange(blocks, blockCost, (from, to) -> {
            double[] block = new double[2 * height * COLUMN_BLOCK];
            double[] scratch = new double[columnPlan.scratchLength()];
            for (int b = from; b < to; b++) {
                int x0 = b * COLUMN_BLOCK;
                int count = Math.min(COLUMN_BLOCK, width - x0);
                gatherColumns(work, x0, count, block);
                for (int c = 0; c < count; c++) {
                    columnPlan.forward(block, 2 * height * c, scratch);
                }
                images.storeColumns(image, block, x0, count);
            }
        });
    }

    /** Copies columns {@code [x0, x0 + count)} of the work image to {@code block}, column after column. */
    private void gatherColumns(double[] work, int x0, int count, double[] block) {
        for (int y = 0; y < height; y++) {
            int from = 2 * (width * y + x0);
            for (int c = 0; c < count; c++) {
                int to = 2 * (height * c + y);
                block[to] = work[from + 2 * c];
                block[to + 1] = work[from + 2 * c + 1];
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
        public void loadRow(int image, int srcRow, double rowSign, double[] row, int rowOff) {
            int base = srcOff + image * imageLength() + 2 * width * srcRow;
            double imSign = rowSign * imaginarySign;
            for (int x = 0; x < width; x++) {
                int from = base + 2 * xAxis.map[x];
                double sign = xAxis.sign[x];
                row[rowOff + 2 * x] = src[from] * rowSign * sign;
                row[rowOff + 2 * x + 1] = src[from + 1] * imSign * sign;
            }
        }

        @Override
        public void storeColumns(int image, double[] block, int x0, int count) {
            for (int k = 0; k < height; k++) {
                int base = dstOff + image * imageLength() + 2 * width * yAxis.map[k];
                double reScale = outputScale * yAxis.sign[k];
                double imScale = reScale * imaginarySign;
                for (int c = 0; c < count; c++) {
                    int from = 2 * (height * c + k);
                    int to = base + 2 * xAxis.map[x0 + c];
                    double sign = xAxis.sign[x0 + c];
                    dst[to] = (float) (block[from] * reScale * sign);
                    dst[to + 1] = (float) (block[from + 1] * imScale * sign);
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
        public void loadRow(int image, int srcRow, double rowSign, double[] row, int rowOff) {
            int base = srcOff + image * imageLength() + 2 * width * srcRow;
            double imSign = rowSign * imaginarySign;
            for (int x = 0; x < width; x++) {
                int from = base + 2 * xAxis.map[x];
                double sign = xAxis.sign[x];
                row[rowOff + 2 * x] = src[from] * rowSign * sign;
                row[rowOff + 2 * x + 1] = src[from + 1] * imSign * sign;
            }
        }

        @Override
        public void storeColumns(int image, double[] block, int x0, int count) {
            for (int k = 0; k < height; k++) {
                int base = dstOff + image * imageLength() + 2 * width * yAxis.map[k];
                double reScale = outputScale * yAxis.sign[k];
                double imScale = reScale * imaginarySign;
                for (int c = 0; c < count; c++) {
                    int from = 2 * (height * c + k);
                    int to = base + 2 * xAxis.map[x0 + c];
                    double sign = xAxis.sign[x0 + c];
                    dst[to] = block[from] * reScale * sign;
                    dst[to + 1] = block[from + 1] * imScale * sign;
                }
            }
        }
    }
}
