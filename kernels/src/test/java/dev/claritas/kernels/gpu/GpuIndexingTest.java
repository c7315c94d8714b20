package dev.claritas.kernels.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gather and scatter_add on the OpenCL device against the CPU backend: every dimension of 3-D
 * tensors, float32, float64 and int64 data, sources and indices that are non-contiguous views
 * (transposed, narrowed, expanded), indices smaller than the source, short lines (a thread each)
 * and long ones (a work-group each). Both ops only move and add values in a fixed order, so the
 * results must be bitwise the CPU's, repeated indices included; out-of-range indices must raise
 * the CPU's exception and message.
 */
class GpuIndexingTest {
    private static final Device GPU = Device.parse("opencl:0");
    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64, DType.INT64};

    @BeforeAll
    static void needsTheDevice() {
        assumeTrue(Backends.devices().contains(GPU), "no OpenCL device: the GPU kernels cannot be compared with the CPU");
    }

    /** Views applied to a [6, 7, 5] source on either device: none, a transposition, a narrowing, a broadcast. */
    private static final Object[][] SOURCE_VIEWS = {
        {"contiguous", (UnaryOperator<Tensor>) t -> t},
        {"transposed", (UnaryOperator<Tensor>) t -> t.transpose(0, 2)},
        {"narrowed", (UnaryOperator<Tensor>) t -> t.narrow(0, 1, 5).narrow(2, 1, 4)},
        {"expanded", (UnaryOperator<Tensor>) t -> t.narrow(1, 2, 1).expand(6, 7, 5)},
    };

    @Test
    void gatherMatchesTheCpuOnStridedViews() {
        for (DType dtype : DTYPES) {
            Tensor base = values(new int[] {6, 7, 5}, dtype, 1);
            for (Object[] view : SOURCE_VIEWS) {
                @SuppressWarnings("unchecked")
                UnaryOperator<Tensor> v = (UnaryOperator<Tensor>) view[1];
                Tensor cpuSrc = v.apply(base);
                Tensor gpuSrc = v.apply(base.to(GPU));
                int[] dims = cpuSrc.shape().toArray();
                for (int dim = 0; dim < 3; dim++) {
                    // an index smaller than the source in the other dimensions, longer along dim
                    int[] shape = {dims[0] - 1, dims[1], dims[2] - 2};
                    shape[dim] = dims[dim] + 3;
                    Tensor index = indices(shape, dims[dim], 10 * dim + 3);
                    String what = "gather dim " + dim + " of " + view[0] + " " + dtype;
                    assertSame(what, Ops.gather(cpuSrc, dim, index), Ops.gather(gpuSrc, dim, index.to(GPU)));
                    // an index read through a transposed (non-contiguous) view
                    Tensor raw = indices(new int[] {shape[0], shape[2], shape[1]}, dims[dim], dim + 7);
                    assertSame(what + ", transposed index", Ops.gather(cpuSrc, dim, raw.transpose(1, 2)),
                            Ops.gather(gpuSrc, dim, raw.to(GPU).transpose(1, 2)));
                }
            }
        }
    }

    @Test
    void indexSelectBroadcastsItsIndex() {
        Tensor src = values(new int[] {5, 9, 4}, DType.FLOAT32, 2);
        Tensor index = Tensor.of(new long[] {8, 0, 3, 3, 7}, 5);
        assertSame("index_select", Ops.indexSelect(src, 1, index), Ops.indexSelect(src.to(GPU), 1, index.to(GPU)));
    }

    @Test
    void scatterAddSumsRepeatedIndicesInTheCpuOrder() {
        // (length along dim, destination size along dim): short lines take a thread each, long lines
        // a work-group, including lines longer than one work-group's chunk
        int[][] lines = {{1, 4}, {5, 3}, {31, 6}, {32, 7}, {200, 9}, {300, 260}};
        for (DType dtype : DTYPES) {
            for (int[] line : lines) {
                for (int dim = 0; dim < 3; dim++) {
                    int[] shape = {3, 4, 2};
                    shape[dim] = line[0];
                    int[] dstShape = {4, 5, 3};
                    dstShape[dim] = line[1];
                    Tensor index = indices(shape, line[1], line[0] * 3 + dim);
                    // magnitudes far apart, so a different order of the adds would change the sums
                    Tensor src = values(shape, dtype, dim + line[0], 1e7);
                    Tensor dst = values(dstShape, dtype, dim, 1);
                    String what = "scatter_add dim " + dim + " line " + line[0] + " into " + line[1] + " " + dtype;
                    assertSame(what, Ops.scatterAdd(dst, dim, index, src),
                            Ops.scatterAdd(dst.to(GPU), dim, index.to(GPU), src.to(GPU)));
                }
            }
        }
    }

    @Test
    void scatterAddReadsNonContiguousSourcesAndIndices() {
        Tensor dst = values(new int[] {4, 6, 5}, DType.FLOAT64, 5);
        Tensor src = values(new int[] {5, 40, 4}, DType.FLOAT64, 6, 1e6);    // read as [4, 40, 5]
        Tensor index = indices(new int[] {5, 40, 3}, 6, 8);                  // read as [3, 40, 5]
        assertSame("scatter_add, strided src and index",
                Ops.scatterAdd(dst, 1, index.permute(2, 1, 0), src.transpose(0, 2)),
                Ops.scatterAdd(dst.to(GPU), 1, index.to(GPU).permute(2, 1, 0), src.to(GPU).transpose(0, 2)));
    }

    @Test
    void gatherBackwardIsAScatterAdd() {
        Tensor src = values(new int[] {3, 50}, DType.FLOAT32, 9);
        Tensor index = indices(new int[] {3, 120}, 50, 10);
        Tensor proj = values(new int[] {3, 120}, DType.FLOAT32, 11);
        Tensor cpuSrc = src.detach().requiresGrad(true);
        Tensor gpuSrc = src.to(GPU).requiresGrad(true);
        Ops.gather(cpuSrc, 1, index).mul(proj).sum().backward();
        Ops.gather(gpuSrc, 1, index.to(GPU)).mul(proj.to(GPU)).sum().backward();
        assertSame("gather gradient", cpuSrc.grad(), gpuSrc.grad());
    }

    @Test
    void outOfRangeIndicesRaiseTheCpuException() {
        Tensor src = values(new int[] {4, 6}, DType.FLOAT32, 12);
        long[] bad = new long[24];
        bad[13] = 6;      // the first out-of-range index in row-major order
        bad[20] = -1;
        Tensor index = Tensor.of(bad, 4, 6);
        for (int dim : new int[] {0, 1}) {
            String cpu = assertThrows(IndexOutOfBoundsException.class, () -> Ops.gather(src, dim, index)).getMessage();
            String gpu = assertThrows(IndexOutOfBoundsException.class, () -> Ops.gather(src.to(GPU), dim, index.to(GPU)))
                    .getMessage();
            assertEquals(cpu, gpu, "gather along " + dim);
        }
        Tensor dst = Tensor.zeros(new int[] {4, 6}, DType.FLOAT32, Device.CPU);
        String cpu = assertThrows(IndexOutOfBoundsException.class, () -> Ops.scatterAdd(dst, 1, index, src)).getMessage();
        String gpu = assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.scatterAdd(dst.to(GPU), 1, index.to(GPU), src.to(GPU))).getMessage();
        assertEquals(cpu, gpu, "scatter_add");
    }

    @Test
    void oneDimensionalTensorsAreOneLine() {
        Tensor src = values(new int[] {1000}, DType.FLOAT32, 13, 1e7);
        Tensor index = indices(new int[] {1000}, 10, 14);
        Tensor dst = values(new int[] {10}, DType.FLOAT32, 15);
        assertSame("1-D scatter_add", Ops.scatterAdd(dst, 0, index, src),
                Ops.scatterAdd(dst.to(GPU), 0, index.to(GPU), src.to(GPU)));
        Tensor gatherIndex = indices(new int[] {37}, 1000, 16);
        assertSame("1-D gather", Ops.gather(src, 0, gatherIndex), Ops.gather(src.to(GPU), 0, gatherIndex.to(GPU)));
    }

    @Test
    void theFirstBadIndexOfALargeIndexIsReported() {
        // more positions than the check has threads, so each thread looks at several; scatter_add,
        // whose CPU loop is sequential, names the first bad index in row-major order
        int n = 300_000;
        long[] index = new long[n];
        index[n - 5] = -3;
        index[200_001] = 8;
        index[250_000] = 9;
        Tensor idx = Tensor.of(index, n);
        Tensor src = values(new int[] {n}, DType.FLOAT32, 17);
        Tensor dst = Tensor.zeros(new int[] {8}, DType.FLOAT32, Device.CPU);
        String cpu = assertThrows(IndexOutOfBoundsException.class, () -> Ops.scatterAdd(dst, 0, idx, src)).getMessage();
        String gpu = assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.scatterAdd(dst.to(GPU), 0, idx.to(GPU), src.to(GPU))).getMessage();
        assertEquals("scatter_add: index 8 is out of bounds for dimension 0 with size 8", cpu);
        assertEquals(cpu, gpu);
    }

    /** Values in [-scale, scale) as {@code dtype} (integers for int64). */
    private static Tensor values(int[] shape, DType dtype, long seed, double scale) {
        Random random = new Random(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 2 * random.nextDouble() - 1;
            // mix large and small magnitudes in float data; keep int64 values exact in a double
            v[i] = dtype == DType.INT64 ? Math.floor(u * 1e6) : (i % 3 == 0 ? u * scale : u);
        }
        return Tensor.of(v, shape).to(dtype);
    }

    private static Tensor values(int[] shape, DType dtype, long seed) {
        return values(shape, dtype, seed, 1);
    }

    /** Random int64 indices in [0, size), with repeats. */
    private static Tensor indices(int[] shape, int size, long seed) {
        Random random = new Random(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(size);
        }
        return Tensor.of(v, shape);
    }

    /** Same shape, dtype and bits (NaN included). */
    private static void assertSame(String what, Tensor cpu, Tensor gpu) {
        assertEquals(cpu.shape(), gpu.shape(), what + ": shape");
        assertEquals(cpu.dtype(), gpu.dtype(), what + ": dtype");
        if (cpu.dtype() == DType.INT64) {
            assertArrayEquals(cpu.toLongArray(), gpu.to(Device.CPU).toLongArray(), what);
        } else {
            assertArrayEquals(cpu.toDoubleArray(), gpu.to(Device.CPU).toDoubleArray(), what);
        }
    }
}
