/**
 * The Backend SPI: the primitive kernels ({@link dev.claritas.tensor.spi.Backend}) that a device
 * implements, the storage it owns and the strided {@link dev.claritas.tensor.spi.View}s kernels see.
 */
package dev.claritas.tensor.spi;
