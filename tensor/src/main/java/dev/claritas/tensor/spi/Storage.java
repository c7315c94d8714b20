package dev.claritas.tensor.spi;

import dev.claritas.autograd.VersionCounter;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;

/**
 * A flat buffer of elements owned by one backend, on one device. Tensors are strided views of a
 * storage; all views of one storage share its {@link VersionCounter}.
 */
public abstract class Storage implements AutoCloseable {
    private final DType dtype;
    private final int size;
    private final VersionCounter version = new VersionCounter();

    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
    }

    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final int size() {
        return size;
    }

    public final VersionCounter version() {
        return version;
    }

    /** The device the elements live on. */
    public abstract Device device();

    /** The backend that made this storage and runs kernels on it. */
    public abstract Backend backend();

    /** Releases device memory now rather than when collected; host storage may ignore it. */
    @Override
    public void close() {}
}
