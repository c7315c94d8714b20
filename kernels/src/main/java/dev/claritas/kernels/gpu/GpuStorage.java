package dev.claritas.kernels.gpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.spi.Backend;
import dev.claritas.tensor.spi.Storage;
import dev.claritas.tensor.spi.View;
import java.lang.ref.Cleaner;

/**
 * Elements in device memory. {@link #close()} returns the memory to the device's pool at once; a
 * storage that is only dropped is returned by a {@link Cleaner} after it is collected.
 */
public final class GpuStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final GpuBackend backend;
    private final GpuRuntime runtime;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** Returns the block once, whether called by close() or by the cleaner; holds no reference to the storage. */
    private static final class Release implements Runnable {
        private final MemoryPool pool;
        private MemoryPool.Block block;

        Release(MemoryPool pool, MemoryPool.Block block) {
            this.pool = pool;
            this.block = block;
        }

        @Override
        public synchronized void run() {
            if (block != null) {
                pool.release(block);
                block = null;
            }
        }

        synchronized Object handle() {
            if (block == null) {
                throw new IllegalStateException("this tensor's device memory was released by close()");
            }
            return block.handle();
        }
    }

    GpuStorage(GpuBackend backend, GpuRuntime runtime, DType dtype, int size) {
        super(dtype, size);
        this.backend = backend;
        this.runtime = runtime;
        this.release = new Release(runtime.pool(), runtime.pool().allocate((long) size * dtype.byteSize()));
        this.cleanable = CLEANER.register(this, release);
    }

    /** The storage of a view that a GPU backend made. */
    public static GpuStorage of(View v) {
        return (GpuStorage) v.storage();
    }

    public Object handle() {
        return release.handle();
    }

    public GpuRuntime runtime() {
        return runtime;
    }

    @Override
    public Device device() {
        return runtime.device();
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
