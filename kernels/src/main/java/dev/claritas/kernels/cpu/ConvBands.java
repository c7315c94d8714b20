package dev.claritas.kernels.cpu;

/**
 * A cut of a stride-1 convolution's tiles into bands of consecutive tiles, so that the part of the
 * padded input a band reads fits in the core's L2 cache. In the {@link PaddedVolume} layout the
 * output's flat positions {@code [0, outEnd)} are covered by tiles of {@code tile} positions; band b
 * holds tiles {@code [b*tiles, (b+1)*tiles)} and reads, in every channel, the padded input's units
 * (slices of a volumetric convolution, rows otherwise: {@code unit} flat positions each) from the
 * one its first position lies in to the one its last position's farthest tap lies in.
 *
 * @param unit flat positions per unit
 * @param halo units a position's taps reach past its own: dilation × (kernel − 1) along the unit axis
 * @param tile flat positions per tile
 * @param tiles tiles per band (the last band may have fewer)
 * @param outEnd one past the flat index of the last output position
 */
record ConvBands(int unit, int halo, int tile, int tiles, int outEnd) {

    /**
     * Bands whose input window holds at most {@code bytesPerBand} for g's input channels (but at least
     * one tile each), and at most {@code maxTiles} tiles.
     */
    static ConvBands of(ConvGeometry g, PaddedVolume pad, int tile, long bytesPerBand, int maxTiles) {
        boolean slices = pad.dp() > 1;
        ConvAxis axis = slices ? g.depth() : g.height();
        int unit = slices ? pad.hp() * pad.wp() : pad.wp();
        int halo = axis.dilation() * (axis.kernel() - 1);
        int outEnd = pad.outEnd(g);
        long unitBytes = (long) g.inChannels() * unit * Float.BYTES;
        // a band of t tiles spans at most t*tile/unit + 2 units of output, and its window the halo more
        long fitUnits = bytesPerBand / unitBytes - 2 - halo;
        int fit = (int) Math.clamp(fitUnits * unit / tile, 1, Math.max(1, maxTiles));
        int totalTiles = Math.ceilDiv(outEnd, tile);
        int count = Math.ceilDiv(totalTiles, Math.min(fit, totalTiles));
        return new ConvBands(unit, halo, tile, Math.ceilDiv(totalTiles, count), outEnd);
    }

    /** Number of bands. */
    int count() {
        return Math.ceilDiv(Math.ceilDiv(outEnd, tile), tiles);
    }

    /** The flat index of band b's first position. */
    int start(int b) {
        return b * tiles * tile;
    }

    /** One past the flat index of band b's last output position. */
    int end(int b) {
        return Math.min(start(b + 1), outEnd);
    }

    /** The padded input unit band b's window starts at. */
    int firstUnit(int b) {
        return start(b) / unit;
    }

    /** Units in band b's window: up to the one the farthest tap of its last position reads. */
    int windowUnits(int b) {
        return (end(b) - 1) / unit + halo + 1 - firstUnit(b);
    }

    /** Flat length of one channel's window, enough for every band's. */
    int pitch() {
        return Math.multiplyExact((tiles * tile - 1) / unit + 2 + halo, unit);
    }
}
