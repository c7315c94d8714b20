package dev.claritas.kernels.gpu;

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
import dev.claritas.tensor.spi.SpatialPoolParams;
import dev.claritas.tensor.spi.Storage;
import dev.claritas.tensor.spi.UnaryOp;
import dev.claritas.tensor.spi.UpsampleMode;
import dev.claritas.tensor.spi.View;
import java.util.List;

/**
 * The whole SPI on a GPU, written once over {@link GpuRuntime}: which kernel of which program runs
 * for each primitive, with which arguments. The OpenCL and CUDA backends only say how to find their
 * devices; the kernels are the same source compiled for each.
 */
public abstract class GpuBackend implements Backend {
    private volatile List<GpuRuntime> runtimes;
    private volatile String unavailableReason = "";

    /** This backend's devices; throws (any Throwable, e.g. a missing native library) to say why there are none. */
    protected abstract List<GpuRuntime> discover() throws Throwable;

    private List<GpuRuntime> runtimes() {
        List<GpuRuntime> r = runtimes;
        if (r == null) {
            synchronized (this) {
                r = runtimes;
                if (r == null) {
                    try {
                        r = List.copyOf(discover());
                        if (r.isEmpty()) {
                            unavailableReason = "no " + type() + " device found";
                        }
                    } catch (Throwable t) {
                        r = List.of();
                        unavailableReason = t.getMessage() == null ? t.toString() : t.getMessage();
                    }
                    runtimes = r;
                }
            }
        }
        return r;
    }

    /** Empties the block caches of the devices opened so far (it opens none). */
    @Override
    public void emptyCache() {
        List<GpuRuntime> opened = runtimes;
        if (opened != null) {
            opened.forEach(r -> r.pool().emptyCache());
        }
    }

    @Override
    public List<Device> devices() {
        return runtimes().stream().map(GpuRuntime::device).toList();
    }

    @Override
    public String unavailableReason() {
        runtimes();
        return unavailableReason;
    }

    /** The runtime of one of this backend's devices. */
    public GpuRuntime runtime(Device device) {
        for (GpuRuntime r : runtimes()) {
            if (r.device().equals(device)) {
                return r;
            }
        }
        throw new IllegalStateException("device " + device + " is not available" + (unavailableReason().isEmpty() ? "" : ": " + unavailableReason()));
    }

    @Override
    public void synchronize(Device device) {
        runtime(device).synchronize();
    }

    static GpuRuntime runtime(View v) {
        return GpuStorage.of(v).runtime();
    }

    // ---- memory ---------------------------------------------------------------------------------

    @Override
    public Storage allocate(Device device, DType dtype, int size) {
        GpuRuntime r = runtime(device);
        GpuStorage s = new GpuStorage(this, r, dtype, size);
        r.zero(s.handle(), (long) size * dtype.byteSize());
        return s;
    }

    @Override
    public Storage fromHost(Device device, DType dtype, Object array) {
        GpuRuntime r = runtime(device);
        Object host = HostArrays.toTransferable(dtype, array);
        int n = HostArrays.length(host);
        GpuStorage s = new GpuStorage(this, r, dtype, n);
        r.write(s.handle(), dtype, 0, host, n);
        return s;
    }

    @Override
    public Object toHost(View src) {
        View contiguous = src;
        GpuStorage temp = null;
        if (!src.isContiguous()) {
            temp = new GpuStorage(this, runtime(src), src.dtype(), src.numel());
            contiguous = new View(temp, src.shape(), Shape.contiguousStrides(src.shape()), 0);
            copy(src, contiguous);
        }
        try {
            int n = src.numel();
            Object host = HostArrays.transferArray(src.dtype(), n);
            runtime(src).read(GpuStorage.of(contiguous).handle(), src.dtype(), contiguous.offset(), host, n);
            return HostArrays.fromTransferable(src.dtype(), host);
        } finally {
            if (temp != null) {
                temp.close();
            }
        }
    }

    @Override
    public void copy(View src, View dst) {
        StridedLayout l = StridedLayout.of(dst.shape(), src, dst);
        if (l.numel() == 0) {
            return;
        }
        runtime(dst).launch("copy", dst.dtype(), "copy_from_" + GpuRuntime.cType(src.dtype()), Grid.linear(l.numel()),
                new KernelArgs().struct(l.shape()).memory(src).struct(l.strides(0)).memory(dst).struct(l.strides(1)).l(l.numel()));
    }

    @Override
    public void fill(View dst, double value) {
        StridedLayout l = StridedLayout.of(dst.shape(), dst);
        if (l.numel() == 0) {
            return;
        }
        runtime(dst).launch("copy", dst.dtype(), "fill", Grid.linear(l.numel()),
                new KernelArgs().struct(l.shape()).memory(dst).struct(l.strides(0)).d(value).l(l.numel()));
    }

    // ---- elementwise and reductions -------------------------------------------------------------

    @Override
    public void unary(UnaryOp op, View src, View dst, double a, double b) {
        requireFloat("unary " + op, src.dtype());
        StridedLayout l = StridedLayout.of(dst.shape(), src);
        if (l.numel() == 0) {
            return;
        }
        runtime(dst).launch("elementwise", src.dtype(), "unary", Grid.linear(l.numel()), new KernelArgs()
                .i(op.ordinal()).struct(l.shape()).memory(src).struct(l.strides(0)).memory(dst).l(l.numel()).d(a).d(b));
    }

    @Override
    public void binary(BinaryOp op, View x, View y, View dst) {
        requireArithmetic("binary " + op, x.dtype());
        StridedLayout l = StridedLayout.of(dst.shape(), x, y);
        if (l.numel() == 0) {
            return;
        }
        runtime(dst).launch("elementwise", x.dtype(), op.isComparison() ? "compare" : "binary", Grid.linear(l.numel()),
                new KernelArgs().i(op.ordinal()).struct(l.shape()).memory(x).struct(l.strides(0))
                        .memory(y).struct(l.strides(1)).memory(dst).l(l.numel()));
    }

    @Override
    public void where(View cond, View x, View y, View dst) {
        requireArithmetic("where", x.dtype());
        StridedLayout l = StridedLayout.of(dst.shape(), cond, x, y);
        if (l.numel() == 0) {
            return;
        }
        runtime(dst).launch("elementwise", x.dtype(), "where_cond", Grid.linear(l.numel()),
                new KernelArgs().struct(l.shape()).memory(cond).struct(l.strides(0)).memory(x).struct(l.strides(1))
                        .memory(y).struct(l.strides(2)).memory(dst).l(l.numel()));
    }

    /** Axes at least this long are reduced by a work-group per output rather than a thread. */
    private static final int GROUP_REDUCE_MIN = 512;
    /** Work-group size of the per-group reductions ({@code REDUCE_GROUP} in reduce.cl). */
    private static final int REDUCE_GROUP = 256;

    @Override
    public void reduce(ReduceOp op, View src, int outer, int n, int inner, View dst) {
        requireArithmetic("reduce " + op, src.dtype());
        long outputs = (long) outer * inner;
        if (outputs == 0) {
            return;
        }
        boolean perGroup = n >= GROUP_REDUCE_MIN;
        boolean isArg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        KernelArgs args = new KernelArgs();
        if (op != ReduceOp.SUM) {
            args.i(op == ReduceOp.MAX || op == ReduceOp.ARGMAX ? 1 : 0);
        }
        if (!perGroup) {
            args.l(outer);
        }
        args.i(n).i(inner).view(src).memory(dst);
        String kernel = (op == ReduceOp.SUM ? "sum" : "extremum") + (perGroup ? "_per_group" : "_per_thread")
                + (isArg ? "_index" : "");
        runtime(dst).launch("reduce", src.dtype(), kernel,
                perGroup ? Grid.groups(outputs, REDUCE_GROUP) : Grid.linear(outputs), args);
    }

    // ---- the kernel families in their own classes --------------------------------------------------

    @Override
    public void matmul(View x, View y, View dst, int batch, int m, int k, int n, boolean transX, boolean transY) {
        requireFloat("matmul", x.dtype());
        GpuLinearAlgebra.matmul(runtime(dst), x, y, dst, batch, m, k, n, transX, transY);
    }

    @Override
    public void conv2d(View x, View w, View out, ConvParams p) {
        requireFloat("conv2d", x.dtype());
        GpuLinearAlgebra.conv(runtime(out), x, w, out, p);
    }

    @Override
    public void convTranspose2d(View x, View w, View out, ConvParams p) {
        requireFloat("conv_transpose2d", x.dtype());
        GpuLinearAlgebra.convTranspose(runtime(out), x, w, out, p);
    }

    @Override
    public void conv2dWeightGrad(View x, View gradOut, View gradW, ConvParams p) {
        requireFloat("conv2d weight gradient", x.dtype());
        GpuLinearAlgebra.convWeightGrad(runtime(gradW), x, gradOut, gradW, p);
    }

    @Override
    public void conv3d(View x, View w, View out, Conv3dParams p) {
        requireFloat("conv3d", x.dtype());
        GpuLinearAlgebra.conv(runtime(out), x, w, out, p);
    }

    @Override
    public void convTranspose3d(View x, View w, View out, Conv3dParams p) {
        requireFloat("conv_transpose3d", x.dtype());
        GpuLinearAlgebra.convTranspose(runtime(out), x, w, out, p);
    }

    @Override
    public void conv3dWeightGrad(View x, View gradOut, View gradW, Conv3dParams p) {
        requireFloat("conv3d weight gradient", x.dtype());
        GpuLinearAlgebra.convWeightGrad(runtime(gradW), x, gradOut, gradW, p);
    }

    @Override
    public void maxPool2d(View x, View out, View indices, PoolParams p) {
        requireFloat("max_pool2d", x.dtype());
        maxPool(x, out, indices, p);
    }

    @Override
    public void avgPool2d(View x, View out, PoolParams p) {
        requireFloat("avg_pool2d", x.dtype());
        GpuPooling.avgPool(runtime(out), x, out, p);
    }

    @Override
    public void avgPool2dBackward(View gradOut, View gradIn, PoolParams p) {
        requireFloat("avg_pool2d backward", gradOut.dtype());
        GpuPooling.avgPoolBackward(runtime(gradIn), gradOut, gradIn, p);
    }

    @Override
    public void maxPool3d(View x, View out, View indices, Pool3dParams p) {
        requireFloat("max_pool3d", x.dtype());
        maxPool(x, out, indices, p);
    }

    /** 2-D or 3-D max pooling; the kernel always writes indices, so without any it gets a buffer for this call. */
    private void maxPool(View x, View out, View indices, SpatialPoolParams p) {
        if (indices != null) {
            GpuPooling.maxPool(runtime(out), x, out, indices, p);
            return;
        }
        try (GpuStorage scratch = new GpuStorage(this, runtime(out), DType.INT64, out.numel())) {
            View scratchIndices = new View(scratch, out.shape(), Shape.contiguousStrides(out.shape()), 0);
            GpuPooling.maxPool(runtime(out), x, out, scratchIndices, p);
        }
    }

    @Override
    public void avgPool3d(View x, View out, Pool3dParams p) {
        requireFloat("avg_pool3d", x.dtype());
        GpuPooling.avgPool(runtime(out), x, out, p);
    }

    @Override
    public void avgPool3dBackward(View gradOut, View gradIn, Pool3dParams p) {
        requireFloat("avg_pool3d backward", gradOut.dtype());
        GpuPooling.avgPoolBackward(runtime(gradIn), gradOut, gradIn, p);
    }

    @Override
    public void upsample2d(UpsampleMode mode, boolean alignCorners, View x, View out) {
        requireFloat("upsample", x.dtype());
        GpuPooling.upsample(runtime(out), mode, alignCorners, x, out);
    }

    @Override
    public void upsample2dBackward(UpsampleMode mode, boolean alignCorners, View gradOut, View gradIn) {
        requireFloat("upsample backward", gradOut.dtype());
        GpuPooling.upsampleBackward(runtime(gradIn), mode, alignCorners, gradOut, gradIn);
    }

    @Override
    public void gather(View src, int dim, View index, View dst) {
        requireArithmetic("gather", src.dtype());
        GpuIndexing.gather(runtime(dst), src, dim, index, dst);
    }

    @Override
    public void scatterAdd(View dst, int dim, View index, View src) {
        requireArithmetic("scatter_add", src.dtype());
        GpuIndexing.scatterAdd(runtime(dst), dst, dim, index, src);
    }

    @Override
    public void random(Distribution dist, View dst, long seed, long offset, double a, double b) {
        if (dst.dtype().isFloatingPoint()) {
            GpuRandom.fill(runtime(dst), dist, dst, seed, offset, a, b);
            return;
        }
        // bool and int64 draws (e.g. a Bernoulli mask): drawn in double, then converted, as the CPU does
        try (GpuStorage temp = new GpuStorage(this, runtime(dst), DType.FLOAT64, dst.numel())) {
            View drawn = new View(temp, dst.shape(), dst.strides(), 0);
            GpuRandom.fill(runtime(dst), dist, drawn, seed, offset, a, b);
            copy(drawn, dst);
        }
    }

    @Override
    public void fft2c(View src, View dst, boolean inverse) {
        requireFloat("fft2c", src.dtype());
        GpuFft.fft2c(runtime(dst), src, dst, inverse);
    }

    private void requireFloat(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new UnsupportedOperationException(op + " on " + type() + " takes float32 or float64, got " + dtype);
        }
    }

    private void requireArithmetic(String op, DType dtype) {
        if (dtype == DType.BOOL) {
            throw new UnsupportedOperationException(op + " on " + type() + " takes float32, float64 or int64, got bool;"
                    + " convert with .to(DType.FLOAT32) first");
        }
    }
}
