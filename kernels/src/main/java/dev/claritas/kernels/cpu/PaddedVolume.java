package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * The zero-padded layout of a stride-1 convolution's input in which every kernel tap is a fixed
 * offset along one flat index (see {@link ConvDirectVector}): each channel becomes a volume of
 * {@code (dp, hp, wp)} = its size plus the padding on both sides, and output position (z, y, x) sits
 * at flat index {@code (z*hp + y)*wp + x} of the same pitch.
 */
record PaddedVolume(int dp, int hp, int wp) {

    PaddedVolume(ConvGeometry g) {
        this(padded(g.depth()), padded(g.height()), padded(g.width()));
    }

    private static int padded(ConvAxis axis) {
        return axis.in() + 2 * axis.pad();
    }

    /** Elements of one padded channel. */
    int volume() {
        return Math.multiplyExact(Math.multiplyExact(dp, hp), wp);
    }

    /**
     * The n×c channels of x [n, c, d, h, w] copied into their padded volumes, one after another, with
     * {@code slack} zeros after the last: a tile that starts at a valid output position may read that
     * far past the end of its channel's volume. The array comes from the {@link HostArrayPool}; the
     * caller gives it back.
     */
    float[] copy(ConvGeometry g, float[] x, int n, int slack) {
        int d = g.depth().in(), h = g.height().in(), w = g.width().in();
        int padD = g.depth().pad(), padH = g.height().pad(), padW = g.width().pad();
        int channels = n * g.inChannels();
        // the padding can take the length past 2^31
        float[] padded = HostArrayPool.floats(Math.addExact(Math.multiplyExact(channels, volume()), slack));
        Parallel.forRange(channels, (long) d * h * w, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                int src = ch * d * h * w;
                int dst = ch * volume() + (padD * hp + padH) * wp + padW;
                for (int z = 0; z < d; z++, dst += hp * wp) {
                    for (int y = 0, row = dst; y < h; y++, row += wp, src += w) {
                        System.arraycopy(x, src, padded, row, w);
                    }
                }
            }
        });
        return padded;
    }

    /**
     * The window of band b of batch item {@code item} (see {@link ConvBands}) copied from x [n, c, d, h, w]
     * into {@code window}, channel ic's at {@code ic * bands.pitch()}: the input's positions are copied
     * and the units that lie in the padding zeroed. Nothing else is written, so the padding columns
     * (and a slice's padding rows) of a window allocated zero stay zero whichever bands it holds in turn.
     */
    void copyBand(ConvGeometry g, ConvBands bands, float[] x, int item, int b, float[] window) {
        int c = g.inChannels();
        int d = g.depth().in(), h = g.height().in(), w = g.width().in();
        int padD = g.depth().pad(), padH = g.height().pad(), padW = g.width().pad();
        int unit = bands.unit();
        int first = bands.firstUnit(b);
        int span = bands.windowUnits(b);
        int pitch = bands.pitch();
        for (int ic = 0; ic < c; ic++) {
            int channel = (item * c + ic) * d * h * w;
            for (int p = 0; p < span; p++) {
                int dst = ic * pitch + p * unit;
                if (dp > 1) { // a unit is a slice
                    int z = first + p - padD;
                    if (z < 0 || z >= d) {
                        Arrays.fill(window, dst, dst + unit, 0f);
                        continue;
                    }
                    for (int y = 0; y < h; y++) {
                        System.arraycopy(x, channel + (z * h + y) * w, window, dst + (padH + y) * wp + padW, w);
                    }
                } else { // a unit is a row (d = 1, no depth padding)
                    int y = first + p - padH;
                    if (y < 0 || y >= h) {
                        Arrays.fill(window, dst + padW, dst + padW + w, 0f);
                    } else {
                        System.arraycopy(x, channel + y * w, window, dst + padW, w);
                    }
                }
            }
        }
    }

    /**
     * The n×channels output channels of y [n, channels, do, ho, wo] laid out in this pitch, each
     * {@code length} long ({@link #outEnd} or more), zero at the indices that are not output positions;
     * from the pool, as {@link #copy}.
     */
    float[] copyOutput(ConvGeometry g, float[] y, int n, int channels, int length) {
        int d = g.depth().out(), h = g.height().out(), w = g.width().out();
        float[] laidOut = HostArrayPool.floats(Math.multiplyExact(n * channels, length));
        Parallel.forRange(n * channels, (long) d * h * w, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                int src = ch * d * h * w;
                for (int z = 0; z < d; z++) {
                    for (int row = 0, dst = ch * length + z * hp * wp; row < h; row++, dst += wp, src += w) {
                        System.arraycopy(y, src, laidOut, dst, w);
                    }
                }
            }
        });
        return laidOut;
    }

    /**
     * The output gradient y [n, o, do, ho, wo] laid out in this pitch and transposed, in panels of
     * {@code width} channels: channel oc of item b at flat position q is at
     * {@code ((b * panels + oc / width) * length + q) * width + oc % width}, with
     * {@code panels = ⌈o / width⌉}; zero at the positions that are not output positions and for the
     * channels past o; from the pool, as {@link #copy}.
     */
    float[] copyOutputTransposed(ConvGeometry g, float[] y, int n, int width, int length) {
        int o = g.outChannels();
        int d = g.depth().out(), h = g.height().out(), w = g.width().out();
        int panels = Math.ceilDiv(o, width);
        float[] laidOut = HostArrayPool.floats(Math.multiplyExact(Math.multiplyExact(n * panels, length), width));
        // one task per output row of every channel of a panel: its transposed block stays in L1
        Parallel.forRange(n * panels * d * h, (long) width * w, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int row = t % h, z = t / h % d, panel = t / (h * d) % panels, item = t / (h * d * panels);
                int channels = Math.min(width, o - panel * width);
                int q = (z * hp + row) * wp;
                int base = ((item * panels + panel) * length + q) * width;
                for (int j = 0; j < channels; j++) {
                    int src = ((item * o + panel * width + j) * d + z) * h * w + row * w;
                    for (int xx = 0, dst = base + j; xx < w; xx++, dst += width) {
                        laidOut[dst] = y[src + xx];
                    }
                }
            }
        });
        return laidOut;
    }

    /**
     * Where each row (ic, tap) of the patch matrix starts within one batch item's channels in
     * {@link #copy}'s layout: channel ic's volume plus the tap's offset, in the weights' order.
     */
    int[] patchRowOffsets(ConvGeometry g) {
        int[] taps = tapOffsets(g);
        int[] offsets = new int[g.inChannels() * taps.length];
        for (int r = 0; r < offsets.length; r++) {
            offsets[r] = r / taps.length * volume() + taps[r % taps.length];
        }
        return offsets;
    }

    /** The flat offset of each kernel tap (kd, ki, kj), in the weights' tap order. */
    int[] tapOffsets(ConvGeometry g) {
        int[] taps = new int[g.taps()];
        int t = 0;
        for (int kd = 0; kd < g.depth().kernel(); kd++) {
            for (int ki = 0; ki < g.height().kernel(); ki++) {
                for (int kj = 0; kj < g.width().kernel(); kj++) {
                    taps[t++] = (kd * g.depth().dilation() * hp + ki * g.height().dilation()) * wp
                            + kj * g.width().dilation();
                }
            }
        }
        return taps;
    }

    /** One past the flat index of the last output position. */
    int outEnd(ConvGeometry g) {
        return ((g.depth().out() - 1) * hp + g.height().out() - 1) * wp + g.width().out();
    }

    /**
     * Copies the output positions among flat indices {@code [q0, min(q0 + length, end))} of
     * {@code rows} tile rows (tile row j at {@code tile[j*length]}) to channels
     * {@code outBase + j*outPositions} of the dense output [do, ho, wo], skipping the indices that lie
     * past an output row or slice; end is at most {@link #outEnd}.
     */
    void writeTile(ConvGeometry g, float[] tile, int length, int rows, float[] out, int outBase, int outPositions,
                   int q0, int end) {
        int ho = g.height().out(), wo = g.width().out();
        end = Math.min(q0 + length, end);
        for (int q = q0; q < end; ) {
            int line = q / wp;
            int x = q - line * wp;
            int z = line / hp;
            int y = line - z * hp;
            if (x >= wo || y >= ho) {
                q = (line + 1) * wp; // the rest of this line is padding
                continue;
            }
            int count = Math.min(wo - x, end - q);
            int dst = outBase + (z * ho + y) * wo + x;
            for (int j = 0, src = q - q0; j < rows; j++, src += length) {
                System.arraycopy(tile, src, out, dst + j * outPositions, count);
            }
            q += count;
        }
    }
}
