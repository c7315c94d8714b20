package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * The zero-padded layout of a stride-1 convolution's input in which every kernel tap is a fixed
 * offset along one flat index (see {@link ConvDirectVector}): each channel becomes a volume of
 * {@code (dp, hp, wp)} = its size plus the padding on both sides, and output position (z, y, x) sits
 * at flat index {@code (z*hp + y)*wp + x} of the same pitch. Used by the vector kernels only (its
 * transposition uses {@link VectorTranspose}).
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
        int volumes = Math.multiplyExact(channels, volume());
        float[] padded = HostArrayPool.floatsUninitialized(Math.addExact(volumes, slack));
        // each padded line written once: the input's row between zeros, or zeros
        Parallel.forRange(channels, (long) volume(), (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                for (int z = 0, line = ch * volume(); z < dp; z++) {
                    for (int y = 0; y < hp; y++, line += wp) {
                        int zIn = z - padD, yIn = y - padH;
                        if (zIn < 0 || zIn >= d || yIn < 0 || yIn >= h) {
                            Arrays.fill(padded, line, line + wp, 0f);
                            continue;
                        }
                        Arrays.fill(padded, line, line + padW, 0f);
                        System.arraycopy(x, ((ch * d + zIn) * h + yIn) * w, padded, line + padW, w);
                        Arrays.fill(padded, line + padW + w, line + wp, 0f);
                    }
                }
            }
        });
        Arrays.fill(padded, volumes, volumes + slack, 0f);
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
     * Flat positions {@code [q0, q1)} of this pitch of one panel of output channels of batch item
     * {@code item} of y [n, o, do, ho, wo], transposed into {@code chunk}: channel
     * {@code panel*width + j} at position q goes to {@code chunk[(q - q0)*width + j]}, zero at the
     * positions that are not output positions. The elements of channels past o (in a last panel
     * that o does not fill) are left as they were: the sums they enter are dropped.
     */
    void transposeOutputChunk(ConvGeometry g, float[] y, int item, int panel, int width, int q0, int q1, float[] chunk) {
        int o = g.outChannels();
        int d = g.depth().out(), h = g.height().out(), w = g.width().out();
        int channels = Math.min(width, o - panel * width);
        for (int line = q0 / wp; line * wp < q1; line++) {
            int start = Math.max(q0, line * wp), end = Math.min(q1, (line + 1) * wp);
            int z = line / hp, row = line % hp;
            // output positions of this line within the chunk: columns [x0, x1)
            int x0 = start - line * wp, x1 = z < d && row < h ? Math.min(w, end - line * wp) : x0;
            int dst = (start - q0) * width;
            if (x1 > x0) {
                int channelStride = d * h * w;
                int src = ((item * o + panel * width) * d + z) * h * w + row * w;
                int blocked = x0;
                if (channels == width && width % VectorTranspose.SIZE == 0) {
                    // 16 positions × 16 channels at a time, transposed in registers
                    for (; blocked + VectorTranspose.SIZE <= x1; blocked += VectorTranspose.SIZE) {
                        for (int j = 0; j < width; j += VectorTranspose.SIZE) {
                            VectorTranspose.block(y, src + j * channelStride + blocked, channelStride,
                                    chunk, dst + (blocked - x0) * width + j, width);
                        }
                    }
                }
                for (int j = 0; j < channels; j++) {
                    // one channel's run read in order, written a chunk row apart (the chunk stays in L1)
                    for (int xx = blocked, at = dst + (blocked - x0) * width + j, from = src + j * channelStride;
                         xx < x1; xx++, at += width) {
                        chunk[at] = y[from + xx];
                    }
                }
                dst += (x1 - x0) * width;
            }
            Arrays.fill(chunk, dst, (end - q0) * width, 0f);
        }
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
