package dev.claritas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Scope;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.spi.Storage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Host tensors released by scopes, and the pool that hands their arrays to the next tensor. */
class HostMemoryTest {
    /** Elements of a float array just big enough to be pooled. */
    private static final int POOLED = HostArrayPool.MIN_BYTES / Float.BYTES;

    @Test
    void aRecycledArrayComesBackZeroedToARequestOfItsTypeAndLengthOnly() {
        float[] given = new float[POOLED + 3];
        Arrays.fill(given, 7f);
        HostArrayPool.give(given);
        assertNotSame(given, HostArrayPool.take(DType.FLOAT32, POOLED + 4), "another length");
        assertNotSame(given, HostArrayPool.take(DType.INT64, (POOLED + 3) / 2), "another type");
        float[] taken = HostArrayPool.floats(POOLED + 3);
        assertSame(given, taken);
        assertArrayEquals(new float[POOLED + 3], taken);
        assertNotSame(given, HostArrayPool.floats(POOLED + 3), "an array is handed out once");
    }

    @Test
    void clearingThePoolDropsWhatItHeld() {
        float[] given = new float[POOLED + 5];
        HostArrayPool.give(given);
        HostArrayPool.clear();
        assertNotSame(given, HostArrayPool.floats(POOLED + 5));
    }

    @Test
    void emptyingTheBackendsCachesDropsThePooledArraysButNotTensorsInUse() {
        Tensor inUse = Tensor.ones(POOLED + 7);
        HostArrayPool.give(new float[POOLED + 9]);
        assertTrue(HostArrayPool.bytesHeld() > 0);

        Backends.emptyCache();

        assertEquals(0, HostArrayPool.bytesHeld());
        assertEquals(POOLED + 7, inUse.sum().item(), "a tensor in use keeps its values");
    }

    @Test
    void smallArraysAreLeftToTheCollectorAndNotCounted() {
        float[] small = new float[POOLED - 1];
        long held = HostArrayPool.bytesHeld();
        HostArrayPool.give(small);
        assertEquals(held, HostArrayPool.bytesHeld());
        assertNotSame(small, HostArrayPool.floats(POOLED - 1));
    }

    @Test
    void theBytesHeldFollowWhatIsGivenAndTaken() {
        HostArrayPool.clear();
        HostArrayPool.give(new double[POOLED]);
        assertEquals((long) POOLED * Double.BYTES, HostArrayPool.bytesHeld());
        HostArrayPool.take(DType.FLOAT64, POOLED);
        assertEquals(0, HostArrayPool.bytesHeld());
    }

    @Test
    void closingAStorageRecyclesOnlyArraysTheBackendAllocated() {
        CpuBackend backend = new CpuBackend();
        double[] users = new double[POOLED];
        Storage wrapped = backend.fromHost(Device.CPU, DType.FLOAT64, users);
        wrapped.close();
        assertNotSame(users, HostArrayPool.take(DType.FLOAT64, POOLED), "an array it was given is never handed on");

        Storage made = backend.allocate(Device.CPU, DType.FLOAT64, POOLED + 1);
        Object array = ((CpuStorage) made).array();
        made.close();
        assertSame(array, ((CpuStorage) backend.allocate(Device.CPU, DType.FLOAT64, POOLED + 1)).array());
        IllegalStateException e = assertThrows(IllegalStateException.class, ((CpuStorage) made)::array);
        assertTrue(e.getMessage().contains("Scope.keep"), e.getMessage());
    }

    @Test
    void aScopeReleasesTheHostTensorsItsOpsMadeAndKeepsWhatItIsAskedTo() {
        Tensor input = Tensor.ones(64, 64);
        Tensor leaf = Tensor.ones(64, 64).requiresGrad(true);
        Tensor kept;
        Tensor dropped;
        try (Scope scope = Scope.open()) {
            Tensor y = input.mul(leaf).mul(3);
            dropped = y.add(1);
            kept = scope.keep(y.sum());
            y.sum().backward();
        }
        assertEquals(3.0 * 64 * 64, kept.item());
        assertArrayEquals(filled(64 * 64, 3), leaf.grad().toFloatArray(), "a leaf's gradient outlives the scope");
        assertArrayEquals(filled(64 * 64, 1), input.toFloatArray(), "tensors made from arrays are not the scope's");
        IllegalStateException e = assertThrows(IllegalStateException.class, dropped::toFloatArray);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}
