package dev.claritas.kernels.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caching allocator, on a pretend device with 1 MiB, and scopes on a real OpenCL device. */
class MemoryPoolTest {

    /** A runtime whose "device memory" is a counter: enough to drive the pool. */
    static final class CountingRuntime extends GpuRuntime {
        int allocations;
        int frees;

        CountingRuntime(long bytes) {
            super(new Device("fake", 0), bytes);
        }

        @Override public String name() { return "fake"; }
        @Override protected Object allocateRaw(long bytes) { allocations++; return new Object(); }
        @Override protected void freeRaw(Object handle) { frees++; }
        @Override public void zero(Object handle, long bytes) {}
        @Override public void write(Object h, DType t, long o, Object a, int n) {}
        @Override public void read(Object h, DType t, long o, Object a, int n) {}
        @Override public void launch(String s, DType t, String k, Grid g, KernelArgs a) {}
        @Override public void synchronize() {}
        @Override public long deviceNanos(Runnable work) { work.run(); return 0; }
    }

    @Test
    void sizeClassesWasteAtMostAThirdOfTheBlock() {
        assertEquals(512, MemoryPool.sizeClass(1));
        assertEquals(1024, MemoryPool.sizeClass(1024));
        assertEquals(1536, MemoryPool.sizeClass(1025));
        assertEquals(2048, MemoryPool.sizeClass(1537));
        for (long b = 600; b < 1 << 22; b = b * 7 / 5) {
            long c = MemoryPool.sizeClass(b);
            assertTrue(c >= b && 3 * (c - b) <= c, b + " -> " + c);
        }
    }

    @Test
    void freedBlocksAreReusedWithoutTheDriver() {
        CountingRuntime r = new CountingRuntime(1 << 20);
        MemoryPool.Block a = r.pool().allocate(1000);
        r.pool().release(a);
        MemoryPool.Block b = r.pool().allocate(900);    // same size class
        assertSame(a, b);
        assertEquals(1, r.allocations);
    }

    @Test
    void outOfMemoryNamesTheSizesAndLeavesThePoolUsable() {
        CountingRuntime r = new CountingRuntime(1 << 20);
        List<MemoryPool.Block> held = new ArrayList<>();
        held.add(r.pool().allocate(600_000));
        DeviceMemoryException e = assertThrows(DeviceMemoryException.class, () -> r.pool().allocate(600_000));
        assertTrue(e.getMessage().contains("fake:0 is out of memory") && e.getMessage().contains("MiB"), e.getMessage());
        r.pool().release(held.removeFirst());
        r.pool().allocate(600_000);    // fits again once the first block is back
    }

    @Test
    void theCacheIsEmptiedBeforeGivingUp() {
        CountingRuntime r = new CountingRuntime(1 << 20);
        r.pool().release(r.pool().allocate(700_000));   // cached, in a size class that the next request cannot use
        r.pool().allocate(400_000);
        assertEquals(1, r.frees);
        assertEquals(0, r.pool().bytesCached());
    }

    @Test
    void aScopeReleasesWhatItMadeButKeepsWhatItIsAskedTo() {
        Device d = Backends.devices().stream().filter(x -> x.type().equals("opencl")).findFirst().orElse(null);
        assumeTrue(d != null, "no OpenCL device (install pocl-opencl-icd to run OpenCL on the CPU)");
        MemoryPool pool = ((GpuBackend) Backends.of(d)).runtime(d).pool();
        long before = pool.bytesInUse();
        Tensor kept;
        Tensor leaf = Tensor.ones(64, 64).to(d).requiresGrad(true);
        try (Scope scope = Scope.open()) {
            Tensor x = Tensor.ones(256, 256).to(d);
            Tensor y = x.mul(x).add(x).mul(leaf.sum());
            kept = scope.keep(y.sum());
            y.sum().backward();
            assertTrue(pool.bytesInUse() > before);
        }
        assertEquals(2.0 * 256 * 256 * 64 * 64, kept.item(), 1e-3 * kept.item());
        assertEquals(2.0 * 256 * 256, leaf.grad().to(Device.CPU).toFloatArray()[0], 1e-3 * 2 * 256 * 256,
                "a leaf's gradient outlives the scope");
        Tensor released = Tensor.zeros(1);
        try (Scope scope = Scope.open()) {
            released = Tensor.ones(8).to(d);
        }
        Tensor dropped = released;
        assertThrows(IllegalStateException.class, () -> dropped.to(Device.CPU));
    }
}
