package dev.claritas.kernels.gpu;

import dev.claritas.tensor.spi.SpatialConvParams;
import dev.claritas.tensor.spi.View;
import java.util.ArrayList;
import java.util.List;

/**
 * Matrix products and convolutions as tiled (implicit) GEMM kernels: {@code gemm.cl} for the batched
 * matrix product, {@code conv.cl} for the convolutions, which build no patch matrix but compute in
 * their tile loaders which input element each GEMM operand element is.
 *
 * <ul>
 *   <li>convolution: per group, M = output channels, N = batch × output positions, K = input
 *       channels × kernel taps;
 *   <li>transposed convolution: the same gather, one launch per stride phase (the output positions
 *       congruent modulo the stride on every axis), each summing only the taps that reach its
 *       positions, so no atomics and no multiplications by structural zeros;
 *   <li>weight gradient: M = output channels, N = input channels × taps, K = batch × positions.
 * </ul>
 *
 * <p>Too few output tiles for a long K (a weight gradient, a deep layer's small image) would leave
 * most of the GPU idle, so K is then split into slices whose partial products land in a workspace
 * and are added up by a second kernel in slice order. The split is a function of the shapes only,
 * so every result repeats bit for bit.
 */
final class GpuLinearAlgebra {
    /** Output rows and columns of a work-group's tile, and the k step: as in gemm.cl and conv.cl. */
    private static final int TILE = 64;
    private static final int TILE_K = 16;
    /** Threads per work-group: 16 × 16, each computing 4 × 4 outputs. */
    private static final int GROUP_SIZE = 256;
    /** Work-groups enough to keep a large GPU busy (about two per multiprocessor of an H100); fewer tiles split K. */
    private static final long BUSY_GROUPS = 256;
    /** The shortest K a slice sums: its partial tile's write and re-read must stay small against its arithmetic. */
    private static final int MIN_SLICE_K = 256;
    private static final int MAX_SLICES = 64;
    /** Workspace elements for split-K partial products, at most (64 MiB of float32). */
    private static final long MAX_WORKSPACE = 1L << 24;

    private GpuLinearAlgebra() {}

    static void matmul(GpuRuntime r, View x, View y, View dst, int batch, int m, int k, int n, boolean transX, boolean transY) {
        long tiles = (long) batch * tiles(m) * tiles(n);
        if (tiles == 0) {
            return;
        }
        try (Target t = Target.of(r, dst, tiles, k)) {
            r.launch("gemm", dst.dtype(), "matmul", Grid.groups(tiles * t.slices, GROUP_SIZE), t.args(new KernelArgs()
                    .i(m).i(n).i(k).i(transX ? 1 : 0).i(transY ? 1 : 0).view(x).view(y), k));
            t.sumSlices("gemm");
        }
    }

    static void conv(GpuRuntime r, View x, View w, View out, SpatialConvParams p) {
        int[] in = spatial(x), kernel = spatial(w), size = spatial(out);
        int groupOut = out.shape()[1] / p.groups();
        ConvGeom g = new ConvGeom(x.shape()[0], x.shape()[1], out.shape()[1], w.shape()[1], groupOut);
        for (int a = 0; a < 3; a++) {
            g.forwardAxis(a, in[a], size[a], kernel[a], stride(p, a), padding(p, a), dilation(p, a));
        }
        int taps = kernel[0] * kernel[1] * kernel[2];
        g.weightStrides(g.groupIn * taps, taps, groupOut * g.groupIn * taps);
        gather(r, x, w, out, p.groups(), List.of(g));
    }

    /**
     * The transposed convolution as a gather: along an axis of stride s, output position q is
     * reached from input position (q + pad − k·dilation) / s by the taps k that make the division
     * exact, which depend on q mod s alone. One launch per residue triple sums exactly those taps.
     */
    static void convTranspose(GpuRuntime r, View x, View w, View out, SpatialConvParams p) {
        int[] in = spatial(x), kernel = spatial(w), size = spatial(out);
        int groupIn = x.shape()[1] / p.groups(), groupOut = w.shape()[1];
        int taps = kernel[0] * kernel[1] * kernel[2];
        int[] phases = new int[3];
        for (int a = 0; a < 3; a++) {
            phases[a] = Math.min(stride(p, a), size[a]);
        }
        List<ConvGeom> launches = new ArrayList<>();
        for (int rz = 0; rz < phases[0]; rz++) {
            for (int ry = 0; ry < phases[1]; ry++) {
                for (int rx = 0; rx < phases[2]; rx++) {
                    ConvGeom g = new ConvGeom(x.shape()[0], x.shape()[1], out.shape()[1], groupIn, groupOut);
                    int[] residue = {rz, ry, rx};
                    for (int a = 0; a < 3; a++) {
                        g.transposedAxis(a, residue[a], in[a], size[a], kernel[a], stride(p, a), padding(p, a), dilation(p, a));
                    }
                    g.weightStrides(taps, groupOut * taps, groupIn * groupOut * taps);
                    launches.add(g);
                }
            }
        }
        gather(r, x, w, out, p.groups(), launches);
    }

    static void convWeightGrad(GpuRuntime r, View x, View gradOut, View gradW, SpatialConvParams p) {
        int[] in = spatial(x), kernel = spatial(gradW), size = spatial(gradOut);
        ConvGeom g = new ConvGeom(x.shape()[0], x.shape()[1], gradOut.shape()[1], gradW.shape()[1], gradW.shape()[0] / p.groups());
        for (int a = 0; a < 3; a++) {
            // the output positions are gradOut's, which a transposed convolution's weight gradient gives
            g.forwardAxis(a, in[a], size[a], kernel[a], stride(p, a), padding(p, a), dilation(p, a));
        }
        int n = g.groupIn * g.tapCount();
        int k = g.batch * g.positions();
        long tiles = (long) p.groups() * tiles(g.groupOut) * tiles(n);
        if (tiles == 0) {
            return;
        }
        try (Target t = Target.of(r, gradW, tiles, k)) {
            r.launch("conv", gradW.dtype(), "conv_weight_grad", Grid.groups(tiles * t.slices, GROUP_SIZE),
                    t.args(new KernelArgs().struct(g.struct()).view(x).view(gradOut), k));
            t.sumSlices("conv");
        }
    }

    /** Runs conv_gather launches that together write every element of {@code out} once (per slice). */
    private static void gather(GpuRuntime r, View x, View w, View out, int groups, List<ConvGeom> launches) {
        long largest = 0;
        int longestK = 0;
        for (ConvGeom g : launches) {
            largest = Math.max(largest, gatherTiles(g, groups));
            longestK = Math.max(longestK, g.groupIn * g.tapCount());
        }
        if (largest == 0) {
            return;
        }
        // The launches run one after the other, so the largest sets how busy the device is. One split
        // serves them all, so that each writes every slice the sum reads (zeros past its own K).
        try (Target t = Target.of(r, out, largest, longestK)) {
            for (ConvGeom g : launches) {
                long tiles = gatherTiles(g, groups); // never 0 here: every phase has a position per axis
                r.launch("conv", out.dtype(), "conv_gather", Grid.groups(tiles * t.slices, GROUP_SIZE),
                        t.args(new KernelArgs().struct(g.struct()).view(x).view(w), g.groupIn * g.tapCount()));
            }
            t.sumSlices("conv");
        }
    }

    private static long gatherTiles(ConvGeom g, int groups) {
        return groups * tiles(g.groupOut) * tiles((long) g.batch * g.positions());
    }

    private static long tiles(long size) {
        return Math.ceilDiv(size, TILE);
    }

    /** The depth, height and width of an [N, C, ...] view; depth 1 for a 2-D one. */
    private static int[] spatial(View v) {
        int[] s = v.shape();
        return s.length == 5 ? new int[] {s[2], s[3], s[4]} : new int[] {1, s[2], s[3]};
    }

    /** The parameters' axis for depth/height/width index a, or -1 for the depth of a 2-D convolution. */
    private static int axis(SpatialConvParams p, int a) {
        return a - (3 - p.spatialRank());
    }

    private static int stride(SpatialConvParams p, int a) {
        return axis(p, a) < 0 ? 1 : p.stride(axis(p, a));
    }

    private static int padding(SpatialConvParams p, int a) {
        return axis(p, a) < 0 ? 0 : p.padding(axis(p, a));
    }

    private static int dilation(SpatialConvParams p, int a) {
        return axis(p, a) < 0 ? 1 : p.dilation(axis(p, a));
    }

    /**
     * Where a GEMM kernel writes: straight into the output, or, with K split into slices, into a
     * workspace of one output-sized slab per slice that {@code sum_slices} then adds up in order.
     */
    private static final class Target implements AutoCloseable {
        private final GpuRuntime runtime;
        private final View out;
        private final int slices;
        private final View workspace;

        private Target(GpuRuntime runtime, View out, int slices, View workspace) {
            this.runtime = runtime;
            this.out = out;
            this.slices = slices;
            this.workspace = workspace;
        }

        /** The split for {@code tiles} output tiles and a K of {@code k}: by the shapes alone. */
        static Target of(GpuRuntime r, View out, long tiles, int k) {
            int size = out.numel();
            long wanted = Math.ceilDiv(BUSY_GROUPS, tiles);
            long affordable = MAX_WORKSPACE / Math.max(1, size);
            int slices = (int) Math.max(1, Math.min(Math.min(wanted, k / MIN_SLICE_K), Math.min(affordable, MAX_SLICES)));
            if (slices > 1) {
                slices = Math.ceilDiv(k, sliceK(k, slices)); // rounding up the slice length may leave fewer
            }
            if (slices == 1) {
                return new Target(r, out, 1, null);
            }
            GpuStorage ws = new GpuStorage((GpuBackend) GpuStorage.of(out).backend(), r, out.dtype(), slices * size);
            return new Target(r, out, slices, new View(ws, new int[] {slices * size}, new int[] {1}, 0));
        }

        /** The slice length, a whole number of k steps, for a K of {@code k}. */
        private static int sliceK(int k, int slices) {
            return Math.ceilDiv(Math.ceilDiv(k, TILE_K), slices) * TILE_K;
        }

        /** Appends the kernels' trailing arguments (dst, dsto, sliceK, slices, sliceStride) for a launch of K {@code k}. */
        KernelArgs args(KernelArgs a, int k) {
            (workspace == null ? a.view(out) : a.view(workspace)).i(sliceK(k, slices)).i(slices);
            return a.i(workspace == null ? 0 : out.numel());
        }

        /** Adds the slices, if any, into the output with {@code sum_slices} of program {@code source}. */
        void sumSlices(String source) {
            if (workspace != null) {
                int size = out.numel();
                runtime.launch(source, out.dtype(), "sum_slices", Grid.linear(size),
                        new KernelArgs().i(slices).i(size).memory(workspace).view(out));
            }
        }

        /**
         * Gives the workspace back to the pool at once: launches run in order on the device's one
         * queue, so whatever reuses the memory runs after the kernels enqueued here.
         */
        @Override
        public void close() {
            if (workspace != null) {
                workspace.storage().close();
            }
        }
    }

    /** conv.cl's ConvGeom, field for field; index 0 of each axis array is the depth (1 in 2-D). */
    private static final class ConvGeom {
        final int batch, inChannels, outChannels, groupIn, groupOut;
        final int[] inSize = new int[3], outSize = new int[3], count = new int[3], outStart = new int[3],
                outStep = new int[3], inBase = new int[3], inStepOut = new int[3], inStepTap = new int[3],
                taps = new int[3], kernel = new int[3], tapStart = new int[3], tapStep = new int[3];
        int wOut, wIn, wGroup;

        ConvGeom(int batch, int inChannels, int outChannels, int groupIn, int groupOut) {
            this.batch = batch;
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.groupIn = groupIn;
            this.groupOut = groupOut;
        }

        /** A convolution's axis: output j reads input j·stride − pad + t·dilation through every tap t. */
        void forwardAxis(int a, int in, int out, int k, int stride, int pad, int dilation) {
            inSize[a] = in;
            outSize[a] = out;
            count[a] = out;
            outStart[a] = 0;
            outStep[a] = 1;
            inBase[a] = -pad;
            inStepOut[a] = stride;
            inStepTap[a] = dilation;
            taps[a] = k;
            kernel[a] = k;
            tapStart[a] = 0;
            tapStep[a] = 1;
        }

        /**
         * Phase {@code residue} of a transposed convolution's axis: outputs q = residue + j·stride,
         * and the taps k = first + t·step with (residue + pad − k·dilation) divisible by the stride,
         * which read input (q + pad − k·dilation) / stride = inBase + j − t·(step·dilation / stride).
         */
        void transposedAxis(int a, int residue, int in, int out, int k, int stride, int pad, int dilation) {
            inSize[a] = in;
            outSize[a] = out;
            count[a] = Math.ceilDiv(out - residue, stride);
            outStart[a] = residue;
            outStep[a] = stride;
            kernel[a] = k;
            int step = stride / gcd(stride, dilation);
            int first = -1;
            for (int tap = 0; tap < Math.min(step, k) && first < 0; tap++) {
                if (Math.floorMod(residue + pad - tap * dilation, stride) == 0) {
                    first = tap;
                }
            }
            taps[a] = first < 0 ? 0 : Math.ceilDiv(k - first, step);
            tapStart[a] = Math.max(first, 0);
            tapStep[a] = step;
            inBase[a] = first < 0 ? 0 : Math.floorDiv(residue + pad - first * dilation, stride);
            inStepOut[a] = 1;
            inStepTap[a] = -(step * dilation / stride);
        }

        void weightStrides(int perOut, int perIn, int perGroup) {
            wOut = perOut;
            wIn = perIn;
            wGroup = perGroup;
        }

        int positions() {
            return count[0] * count[1] * count[2];
        }

        int tapCount() {
            return taps[0] * taps[1] * taps[2];
        }

        int[] struct() {
            int[] s = new int[5 + 12 * 3 + 3];
            int i = 0;
            for (int v : new int[] {batch, inChannels, outChannels, groupIn, groupOut}) {
                s[i++] = v;
            }
            for (int[] axis : new int[][] {inSize, outSize, count, outStart, outStep, inBase, inStepOut, inStepTap, taps,
                    kernel, tapStart, tapStep}) {
                for (int v : axis) {
                    s[i++] = v;
                }
            }
            s[i++] = wOut;
            s[i++] = wIn;
            s[i] = wGroup;
            return s;
        }

        private static int gcd(int a, int b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }
}
