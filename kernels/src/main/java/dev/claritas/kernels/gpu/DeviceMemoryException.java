package dev.claritas.kernels.gpu;

/** A device ran out of memory; the message names the sizes. The device stays usable. */
public final class DeviceMemoryException extends IllegalStateException {
    public DeviceMemoryException(String message) {
        super(message);
    }
}
