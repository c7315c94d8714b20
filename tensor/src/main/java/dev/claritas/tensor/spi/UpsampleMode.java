package dev.claritas.tensor.spi;

/** Interpolation for upsampling, as PyTorch's {@code F.interpolate} modes of the same names. */
public enum UpsampleMode {
    NEAREST, BILINEAR
}
