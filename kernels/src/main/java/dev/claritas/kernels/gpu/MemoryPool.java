package dev.claritas.kernels.gpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching allocator: freed blocks go back to a free list per size class instead of to the
 * driver, because device allocation is slow and synchronising, and training allocates the same
 * sizes every step. Sizes are rounded up to the next of 2^k or 1.5·2^k bytes (at least 512), which
 * bounds the unused part to a third of a block.
 *
 * <p>When the device runs out, the cache is emptied and the allocation retried; then, because
 * tensors that are only dropped return their memory when the garbage collector finds them, a
 * collection is requested and the allocation retried once more. If it still fails, a
 * {@link DeviceMemoryException} names the sizes, and the pool stays usable.
 */
public final class MemoryPool {
    private static final long MIN_BLOCK = 512;

    private final GpuRuntime runtime;
    private final long deviceBytes;
    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private long bytesInUse;
    private long bytesCached;

    MemoryPool(GpuRuntime runtime, long deviceBytes) {
        this.runtime = runtime;
        this.deviceBytes = deviceBytes;
    }

    /** A block of device memory: the runtime's handle and the bytes it holds. */
    public static final class Block {
        private final Object handle;
        private final long bytes;

        Block(Object handle, long bytes) {
            this.handle = handle;
            this.bytes = bytes;
        }

        public Object handle() {
            return handle;
        }

        public long bytes() {
            return bytes;
        }
    }

    static long sizeClass(long bytes) {
        long b = Math.max(bytes, MIN_BLOCK);
        long pow = Long.highestOneBit(b);
        if (b == pow) {
            return b;
        }
        long oneAndHalf = pow + pow / 2;
        return b <= oneAndHalf ? oneAndHalf : 2 * pow;
    }

    /** A block of at least {@code bytes} bytes (contents undefined). */
    public synchronized Block allocate(long bytes) {
        long size = sizeClass(bytes);
        ArrayDeque<Block> list = free.get(size);
        if (list != null && !list.isEmpty()) {
            Block b = list.pop();
            bytesCached -= size;
            bytesInUse += size;
            return b;
        }
        if (bytesInUse + bytesCached + size > deviceBytes) {
            emptyCache();
        }
        Object handle = tryAllocate(size);
        if (handle == null) {
            collectDroppedTensors();
            handle = tryAllocate(size);
        }
        if (handle == null) {
            throw new DeviceMemoryException(String.format(
                    "%s is out of memory: could not allocate %s (%s in use by live tensors, %s on the device);"
                            + " free tensors with close() or a smaller batch", runtime.device(), human(size),
                    human(bytesInUse), human(deviceBytes)));
        }
        bytesInUse += size;
        return new Block(handle, size);
    }

    private Object tryAllocate(long size) {
        Object handle = bytesInUse + size <= deviceBytes ? runtime.allocateRaw(size) : null;
        if (handle == null) {
            emptyCache();
            handle = bytesInUse + size <= deviceBytes ? runtime.allocateRaw(size) : null;
        }
        return handle;
    }

    /**
     * Runs the garbage collector and gives the storages' cleaners a moment to return what it
     * found. The lock is released meanwhile, since the cleaners call {@link #release}.
     */
    private void collectDroppedTensors() {
        long before = bytesInUse;
        System.gc();
        for (int i = 0; i < 20 && bytesInUse == before; i++) {
            try {
                wait(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Returns a block to the cache. */
    public synchronized void release(Block block) {
        bytesInUse -= block.bytes;
        bytesCached += block.bytes;
        free.computeIfAbsent(block.bytes, k -> new ArrayDeque<>()).push(block);
        notifyAll();
    }

    /** Gives every cached block back to the driver. */
    public synchronized void emptyCache() {
        for (ArrayDeque<Block> list : free.values()) {
            for (Block b : list) {
                runtime.freeRaw(b.handle);
            }
        }
        free.clear();
        bytesCached = 0;
    }

    public synchronized long bytesInUse() {
        return bytesInUse;
    }

    public synchronized long bytesCached() {
        return bytesCached;
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format("%.2f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format("%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " bytes";
    }
}
