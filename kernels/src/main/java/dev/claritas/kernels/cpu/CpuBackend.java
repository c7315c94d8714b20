package dev.claritas.kernels.cpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Shape;
import dev.claritas.tensor.spi.Backend;
import dev.claritas.tensor.spi.BinaryOp;
import dev.claritas.tensor.spi.Conv3dParams;
import dev.claritas.tensor.spi.ConvParams;
import dev.claritas.tensor.spi.Distribution;
import dev.claritas.tensor.spi.Pool3dParams;
import dev.claritas.tensor.spi.PoolParams;
import dev.claritas.tensor.spi.ReduceOp;
import dev.claritas.tensor.spi.Storage;
import dev.claritas.tensor.spi.UnaryOp;
import dev.claritas.tensor.spi.UpsampleMode;
import dev.claritas.tensor.spi.View;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The CPU backend: Java arrays as storage, Vector API loops where they pay, work split over the
 * cores. It implements the whole SPI and is always available.
 */
public final class CpuBackend implements Backend {

    @Override
    public String type() {
        return "cpu";
    }

    @Override
    public List<Device> devices() {
        return List.of(Device.CPU);
    }

    @Override
    public int priority() {
        return 0;
    }

    // ---- memory ---------------------------------------------------------------------------------

    @Override
    public Storage allocate(Device device, DType dtype, int size) {
        return new CpuStorage(this, dtype, HostArrayPool.take(dtype, size), size, true);
    }

    @Override
    public Storage allocateUninitialized(Device device, DType dtype, int size) {
        return new CpuStorage(this, dtype, HostArrayPool.takeUninitialized(dtype, size), size, true);
    }

    @Override
    public Storage fromHost(Device device, DType dtype, Object array) {
        Object expected = CpuStorage.newArray(dtype, 0);
        if (expected.getClass() != array.getClass()) {
            throw new IllegalArgumentException("a " + dtype + " tensor needs a " + expected.getClass().getSimpleName()
                    + ", got " + array.getClass().getSimpleName());
        }
        return new CpuStorage(this, dtype, array, CpuStorage.length(array), false);
    }

    @Override
    public Object toHost(View src) {
        Storage s = allocate(Device.CPU, src.dtype(), src.numel());
        CpuElementwise.copy(src, new View(s, src.shape(), Shape.contiguousStrides(src.shape()), 0));
        return ((CpuStorage) s).array();
    }

    @Override
    public void copy(View src, View dst) {
        CpuElementwise.copy(src, dst);
    }

    @Override
    public void fill(View dst, double value) {
        CpuElementwise.fill(dst, value);
    }

    // ---- elementwise and reductions ---------------------------------------------------------------

    @Override
    public void unary(UnaryOp op, View src, View dst, double a, double b) {
        CpuElementwise.unary(op, src, dst, a, b);
    }

    @Override
    public void binary(BinaryOp op, View x, View y, View dst) {
        CpuElementwise.binary(op, x, y, dst);
    }

    @Override
    public void where(View cond, View x, View y, View dst) {
        CpuElementwise.where(cond, x, y, dst);
    }

    @Override
    public void reduce(ReduceOp op, View src, int outer, int n, int inner, View dst) {
        CpuReductions.reduce(op, src, outer, n, inner, dst);
    }

    @Override
    public boolean standardizes() {
        return true;
    }

    @Override
    public void standardize(View x, int a, int c, int b, double eps, View weight, View bias, View xHat, View out,
                            View mean, View var) {
        Standardization.forward(x, a, c, b, eps, weight, bias, xHat, out, mean, var);
    }

    @Override
    public void standardizeBackward(View g, View xHat, View rstd, View weight, int a, int c, int b, View dx,
                                    View dWeight, View dBias) {
        Standardization.backward(g, xHat, rstd, weight, a, c, b, dx, dWeight, dBias);
    }

    // ---- dense linear algebra -------------------------------------------------------------------

    @Override
    public void matmul(View x, View y, View dst, int batch, int m, int k, int n, boolean transX, boolean transY) {
        int lda = transX ? m : k, ldb = transY ? k : n;
        for (int b = 0; b < batch; b++) {
            int xo = x.offset() + b * m * k, yo = y.offset() + b * k * n, d = dst.offset() + b * m * n;
            if (dst.dtype() == DType.FLOAT32) {
                Gemm.gemm(transX, transY, m, n, k, Buffers.floats(x), xo, lda, Buffers.floats(y), yo, ldb,
                        Buffers.floats(dst), d, n, false);
            } else {
                Gemm.gemm(transX, transY, m, n, k, Buffers.doubles(x), xo, lda, Buffers.doubles(y), yo, ldb,
                        Buffers.doubles(dst), d, n, false);
            }
        }
    }

    /**
     * Float32 convolutions of stride 1, dilation 1 and one group, and their stride-1 transposes with
     * no output padding and a padding below the kernel size, have channels-last kernels
     * ({@link ConvChannelsLast}, {@link ConvChannelsLastWeightGrad}).
     */
    @Override
    public boolean convolvesChannelsLast(DType dtype, int[] weightShape, ConvParams p, boolean transposed) {
        boolean plain = Vectorization.ENABLED && dtype == DType.FLOAT32 && p.groups() == 1 && p.strideH() == 1
                && p.strideW() == 1 && p.dilationH() == 1 && p.dilationW() == 1;
        return plain && (!transposed || (p.outputPaddingH() == 0 && p.outputPaddingW() == 0
                && p.padH() < weightShape[2] && p.padW() < weightShape[3]));
    }

    /** Whether a call's feature maps come channels-last: under the SPI's contract, whenever they are not all contiguous. */
    private static boolean channelsLast(View a, View b) {
        return !(a.isContiguous() && b.isContiguous());
    }

    @Override
    public void conv2d(View x, View w, View out, ConvParams p) {
        int[] xs = x.shape(), ws = w.shape();
        if (channelsLast(x, out)) {
            ConvChannelsLast.conv2d((float[]) dense(x), (float[]) dense(w), Buffers.floats(out), xs[0], xs[1], xs[2], xs[3],
                    ws[0], ws[2], ws[3], p.padH(), p.padW());
            return;
        }
        Object xa = dense(x), wa = dense(w), oa = Buffers.array(out);
        if (oa instanceof float[] o) {
            Convolution.conv2d((float[]) xa, (float[]) wa, o, xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3],
                    p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups());
        } else {
            Convolution.conv2d((double[]) xa, (double[]) wa, (double[]) oa, xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3],
                    p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups());
        }
    }

    @Override
    public void convTranspose2d(View x, View w, View out, ConvParams p) {
        int[] xs = x.shape(), ws = w.shape();
        int o = ws[1] * p.groups();
        if (channelsLast(x, out)) {
            ConvChannelsLast.convTranspose2d((float[]) dense(x), (float[]) dense(w), Buffers.floats(out), xs[0], xs[1], xs[2],
                    xs[3], o, ws[2], ws[3], p.padH(), p.padW());
            return;
        }
        Object xa = dense(x), wa = dense(w), oa = Buffers.array(out);
        if (oa instanceof float[] of) {
            Convolution.convTranspose2d((float[]) xa, (float[]) wa, of, xs[0], xs[1], xs[2], xs[3], o, ws[2], ws[3],
                    p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups(),
                    p.outputPaddingH(), p.outputPaddingW());
        } else {
            Convolution.convTranspose2d((double[]) xa, (double[]) wa, (double[]) oa, xs[0], xs[1], xs[2], xs[3], o, ws[2], ws[3],
                    p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups(),
                    p.outputPaddingH(), p.outputPaddingW());
        }
    }

    @Override
    public void conv2dWeightGrad(View x, View gradOut, View gradW, ConvParams p) {
        int[] xs = x.shape(), ws = gradW.shape();
        if (channelsLast(x, gradOut)) {
            ConvChannelsLastWeightGrad.conv2dWeightGrad((float[]) dense(x), (float[]) dense(gradOut), Buffers.floats(gradW),
                    xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], p.padH(), p.padW());
            return;
        }
        Object xa = dense(x), ga = dense(gradOut), wa = Buffers.array(gradW);
        if (wa instanceof float[] wf) {
            Convolution.conv2dWeightGrad((float[]) xa, (float[]) ga, wf, xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3],
                    p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups());
        } else {
            Convolution.conv2dWeightGrad((double[]) xa, (double[]) ga, (double[]) wa, xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3],
                    p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups());
        }
    }

    @Override
    public void conv3d(View x, View w, View out, Conv3dParams p) {
        int[] xs = x.shape(), ws = w.shape();
        Object xa = dense(x), wa = dense(w), oa = Buffers.array(out);
        if (oa instanceof float[] o) {
            Convolution.conv3d((float[]) xa, (float[]) wa, o, xs[0], xs[1], spatial(xs), ws[0], spatial(ws),
                    triple(p::stride), triple(p::padding), triple(p::dilation), p.groups());
        } else {
            Convolution.conv3d((double[]) xa, (double[]) wa, (double[]) oa, xs[0], xs[1], spatial(xs), ws[0], spatial(ws),
                    triple(p::stride), triple(p::padding), triple(p::dilation), p.groups());
        }
    }

    @Override
    public void convTranspose3d(View x, View w, View out, Conv3dParams p) {
        int[] xs = x.shape(), ws = w.shape();
        int o = ws[1] * p.groups();
        Object xa = dense(x), wa = dense(w), oa = Buffers.array(out);
        if (oa instanceof float[] of) {
            Convolution.convTranspose3d((float[]) xa, (float[]) wa, of, xs[0], xs[1], spatial(xs), o, spatial(ws),
                    triple(p::stride), triple(p::padding), triple(p::dilation), p.groups(), triple(p::outputPadding));
        } else {
            Convolution.convTranspose3d((double[]) xa, (double[]) wa, (double[]) oa, xs[0], xs[1], spatial(xs), o, spatial(ws),
                    triple(p::stride), triple(p::padding), triple(p::dilation), p.groups(), triple(p::outputPadding));
        }
    }

    @Override
    public void conv3dWeightGrad(View x, View gradOut, View gradW, Conv3dParams p) {
        int[] xs = x.shape(), ws = gradW.shape();
        Object xa = dense(x), ga = dense(gradOut), wa = Buffers.array(gradW);
        if (wa instanceof float[] wf) {
            Convolution.conv3dWeightGrad((float[]) xa, (float[]) ga, wf, xs[0], xs[1], spatial(xs), ws[0], spatial(ws),
                    triple(p::stride), triple(p::padding), triple(p::dilation), p.groups());
        } else {
            Convolution.conv3dWeightGrad((double[]) xa, (double[]) ga, (double[]) wa, xs[0], xs[1], spatial(xs), ws[0],
                    spatial(ws), triple(p::stride), triple(p::padding), triple(p::dilation), p.groups());
        }
    }

    // ---- pooling and resampling ------------------------------------------------------------------

    @Override
    public void maxPool2d(View x, View out, View indices, PoolParams p) {
        int[] xs = x.shape(), os = out.shape();
        Object xa = dense(x), oa = Buffers.array(out);
        long[] idx = indices == null ? null : Buffers.longs(indices);
        if (oa instanceof float[] of) {
            Pooling.maxPool2d((float[]) xa, of, idx, xs[0], xs[1], xs[2], xs[3], p.kernelH(), p.kernelW(),
                    p.strideH(), p.strideW(), p.padH(), p.padW(), os[2], os[3]);
        } else {
            Pooling.maxPool2d((double[]) xa, (double[]) oa, idx, xs[0], xs[1], xs[2], xs[3], p.kernelH(), p.kernelW(),
                    p.strideH(), p.strideW(), p.padH(), p.padW(), os[2], os[3]);
        }
    }

    @Override
    public void emptyCache() {
        HostArrayPool.clear();
    }

    @Override
    public boolean avgPoolsChannelsLast(DType dtype, int[] inputShape, PoolParams p) {
        int h = inputShape[2], wd = inputShape[3];
        return dtype == DType.FLOAT32 && Pool2x2.applies(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(),
                p.padW(), h, wd, p.outSize(0, h), p.outSize(1, wd));
    }

    @Override
    public void avgPool2d(View x, View out, PoolParams p) {
        int[] xs = x.shape(), os = out.shape();
        if (channelsLast(x, out)) {
            Pool2x2ChannelsLast.avgPool((float[]) dense(x), Buffers.floats(out), xs[0], xs[1], xs[2], xs[3], os[2], os[3]);
            return;
        }
        Object xa = dense(x), oa = Buffers.array(out);
        if (oa instanceof float[] of) {
            Pooling.avgPool2d((float[]) xa, of, xs[0], xs[1], xs[2], xs[3], p.kernelH(), p.kernelW(),
                    p.strideH(), p.strideW(), p.padH(), p.padW(), os[2], os[3], p.countIncludePad());
        } else {
            Pooling.avgPool2d((double[]) xa, (double[]) oa, xs[0], xs[1], xs[2], xs[3], p.kernelH(), p.kernelW(),
                    p.strideH(), p.strideW(), p.padH(), p.padW(), os[2], os[3], p.countIncludePad());
        }
    }

    @Override
    public void avgPool2dBackward(View gradOut, View gradIn, PoolParams p) {
        int[] is = gradIn.shape(), os = gradOut.shape();
        if (channelsLast(gradOut, gradIn)) {
            Pool2x2ChannelsLast.avgPoolBackward((float[]) dense(gradOut), Buffers.floats(gradIn), is[0], is[1], is[2],
                    is[3], os[2], os[3]);
            return;
        }
        Object ga = dense(gradOut), ia = Buffers.array(gradIn);
        if (ia instanceof float[] inf) {
            Pooling.avgPool2dBackward((float[]) ga, inf, is[0], is[1], is[2], is[3], p.kernelH(), p.kernelW(),
                    p.strideH(), p.strideW(), p.padH(), p.padW(), os[2], os[3], p.countIncludePad());
        } else {
            Pooling.avgPool2dBackward((double[]) ga, (double[]) ia, is[0], is[1], is[2], is[3], p.kernelH(), p.kernelW(),
                    p.strideH(), p.strideW(), p.padH(), p.padW(), os[2], os[3], p.countIncludePad());
        }
    }

    @Override
    public void maxPool3d(View x, View out, View indices, Pool3dParams p) {
        int[] xs = x.shape();
        Object xa = dense(x), oa = Buffers.array(out);
        long[] idx = indices == null ? null : Buffers.longs(indices);
        if (oa instanceof float[] of) {
            Pooling.maxPool3d((float[]) xa, of, idx, xs[0], xs[1], spatial(xs), triple(p::kernel), triple(p::stride),
                    triple(p::padding), spatial(out.shape()));
        } else {
            Pooling.maxPool3d((double[]) xa, (double[]) oa, idx, xs[0], xs[1], spatial(xs), triple(p::kernel),
                    triple(p::stride), triple(p::padding), spatial(out.shape()));
        }
    }

    @Override
    public void avgPool3d(View x, View out, Pool3dParams p) {
        int[] xs = x.shape();
        Object xa = dense(x), oa = Buffers.array(out);
        if (oa instanceof float[] of) {
            Pooling.avgPool3d((float[]) xa, of, xs[0], xs[1], spatial(xs), triple(p::kernel), triple(p::stride),
                    triple(p::padding), spatial(out.shape()), p.countIncludePad());
        } else {
            Pooling.avgPool3d((double[]) xa, (double[]) oa, xs[0], xs[1], spatial(xs), triple(p::kernel), triple(p::stride),
                    triple(p::padding), spatial(out.shape()), p.countIncludePad());
        }
    }

    @Override
    public void avgPool3dBackward(View gradOut, View gradIn, Pool3dParams p) {
        int[] is = gradIn.shape();
        Object ga = dense(gradOut), ia = Buffers.array(gradIn);
        if (ia instanceof float[] inf) {
            Pooling.avgPool3dBackward((float[]) ga, inf, is[0], is[1], spatial(is), triple(p::kernel), triple(p::stride),
                    triple(p::padding), spatial(gradOut.shape()), p.countIncludePad());
        } else {
            Pooling.avgPool3dBackward((double[]) ga, (double[]) ia, is[0], is[1], spatial(is), triple(p::kernel),
                    triple(p::stride), triple(p::padding), spatial(gradOut.shape()), p.countIncludePad());
        }
    }

    @Override
    public void upsample2d(UpsampleMode mode, boolean alignCorners, View x, View out) {
        int[] xs = x.shape(), os = out.shape();
        Object xa = dense(x), oa = Buffers.array(out);
        int nc = xs[0] * xs[1];
        if (oa instanceof float[] of) {
            if (mode == UpsampleMode.NEAREST) {
                Upsampling.nearest((float[]) xa, of, nc, xs[2], xs[3], os[2], os[3]);
            } else {
                Upsampling.bilinear((float[]) xa, of, nc, xs[2], xs[3], os[2], os[3], alignCorners);
            }
        } else if (mode == UpsampleMode.NEAREST) {
            Upsampling.nearest((double[]) xa, (double[]) oa, nc, xs[2], xs[3], os[2], os[3]);
        } else {
            Upsampling.bilinear((double[]) xa, (double[]) oa, nc, xs[2], xs[3], os[2], os[3], alignCorners);
        }
    }

    @Override
    public void upsample2dBackward(UpsampleMode mode, boolean alignCorners, View gradOut, View gradIn) {
        int[] is = gradIn.shape(), os = gradOut.shape();
        Object ga = dense(gradOut), ia = Buffers.array(gradIn);
        int nc = is[0] * is[1];
        if (ia instanceof float[] inf) {
            if (mode == UpsampleMode.NEAREST) {
                Upsampling.nearestBackward((float[]) ga, inf, nc, is[2], is[3], os[2], os[3]);
            } else {
                Upsampling.bilinearBackward((float[]) ga, inf, nc, is[2], is[3], os[2], os[3], alignCorners);
            }
        } else if (mode == UpsampleMode.NEAREST) {
            Upsampling.nearestBackward((double[]) ga, (double[]) ia, nc, is[2], is[3], os[2], os[3]);
        } else {
            Upsampling.bilinearBackward((double[]) ga, (double[]) ia, nc, is[2], is[3], os[2], os[3], alignCorners);
        }
    }

    // ---- indexing, random, FFT ----------------------------------------------------------------------

    @Override
    public void gather(View src, int dim, View index, View dst) {
        CpuIndexing.gather(src, dim, index, dst);
    }

    @Override
    public void scatterAdd(View dst, int dim, View index, View src) {
        CpuIndexing.scatterAdd(dst, dim, index, src);
    }

    @Override
    public void random(Distribution dist, View dst, long seed, long offset, double a, double b) {
        CpuRandom.fill(dist, dst, seed, offset, a, b);
    }

    @Override
    public void fft2c(View src, View dst, boolean inverse) {
        int[] s = src.shape();
        int h = s[s.length - 3], w = s[s.length - 2];
        int batch = src.numel() / (2 * h * w);
        if (dst.dtype() == DType.FLOAT32) {
            Fft.fft2c(Buffers.floats(src), src.offset(), Buffers.floats(dst), dst.offset(), batch, h, w, inverse);
        } else {
            Fft.fft2c(Buffers.doubles(src), src.offset(), Buffers.doubles(dst), dst.offset(), batch, h, w, inverse);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The array of a contiguous view, copied when the view starts anywhere but at element 0. */
    private static Object dense(View v) {
        Object a = Buffers.array(v);
        if (v.offset() == 0) {
            return a;
        }
        Object copy = CpuStorage.newArray(v.dtype(), v.numel());
        System.arraycopy(a, v.offset(), copy, 0, v.numel());
        return copy;
    }

    /** The spatial sizes (d, h, w) of a [N, C, D, H, W] shape. */
    private static int[] spatial(int[] shape) {
        return Arrays.copyOfRange(shape, 2, shape.length);
    }

    /** A per-axis parameter of 3-D convolution or pooling as a (d, h, w) triple. */
    private static int[] triple(IntUnaryOperator perAxis) {
        return new int[] {perAxis.applyAsInt(0), perAxis.applyAsInt(1), perAxis.applyAsInt(2)};
    }
}
