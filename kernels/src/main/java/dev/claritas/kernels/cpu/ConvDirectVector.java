package dev.claritas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct single-precision convolution for stride 1 and one group, without a patch matrix (load only
 * when {@link Vectorization#ENABLED}).
 *
 * <p>Each input channel is first copied into a zero-padded volume of (dp, hp, wp) = the input's size
 * plus the padding on both sides. In that padded layout output position (z, y, x) and kernel tap
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
    /** Tiles per parallel task at the least. */
    private static final int TILE_GRAIN = 8;

    private ConvDirectVector() {}

    /**
     * Whether {@link #conv} computes g: stride 1 along every axis, one group, whole tiles of output
     * channels, 32-register vectors, and a kernel that needs a patch (a pointwise convolution is a
     * plain GEMM already).
     */
    static boolean handles(ConvGeometry g) {
        return V == 16 && g.groups() == 1 && g.outChannels() % OB == 0 && !g.isPointwise()
                && g.depth().stride() == 1 && g.height().stride() == 1 && g.width().stride() == 1;
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

    /** Weights [o, c, taps] in tile order: [o/OB, c, taps, OB]. */
    static float[] packWeights(float[] w, ConvGeometry g) {
        int o = g.outChannels(), c = g.inChannels(), taps = g.taps();
        float[] packed = new float[o * c * taps];
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
        float[] packed = new float[o * c * taps];
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
     */
    static void conv(ConvGeometry g, int n, float[] x, float[] packedW, float[] out) {
        PaddedVolume pad = new PaddedVolume(g);
        float[] padded = pad.copy(g, x, n, Q);
        int[] taps = pad.tapOffsets(g);
        int c = g.inChannels();
        int blocks = g.outChannels() / OB;
        int tiles = Math.ceilDiv(pad.outEnd(g), Q);
        int outPositions = g.outPositions();
        long costPerTile = (long) g.outChannels() * c * taps.length * Q;
        Parallel.forRange(n * tiles, TILE_GRAIN, costPerTile, (t0, t1) -> {
            float[] tile = new float[OB * Q];
            for (int t = t0; t < t1; t++) {
                int item = t / tiles;
                int q0 = t % tiles * Q;
                int inBase = item * c * pad.volume() + q0;
                for (int block = 0; block < blocks; block++) {
                    tile(padded, inBase, pad.volume(), c, taps, packedW, block * c * taps.length * OB, tile);
                    pad.writeTile(g, tile, Q, OB, out, (item * g.outChannels() + block * OB) * outPositions,
                            outPositions, q0);
                }
            }
        });
    }

    /**
     * One OB×Q tile: {@code tile[j*Q + i] = Σ_(ic, t) in[inBase + ic*volume + taps[t] + i] ·
     * w[wBase + (ic*taps + t)*OB + j]}. The accumulators are named locals so the JIT keeps them in
     * registers.
     */
    private static void tile(float[] in, int inBase, int volume, int c, int[] taps, float[] w, int wBase,
                             float[] tile) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero;
        FloatVector a10 = zero, a11 = zero, a12 = zero, a13 = zero;
        FloatVector a20 = zero, a21 = zero, a22 = zero, a23 = zero;
        FloatVector a30 = zero, a31 = zero, a32 = zero, a33 = zero;
        int wi = wBase;
        for (int ic = 0, channel = inBase; ic < c; ic++, channel += volume) {
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
}
