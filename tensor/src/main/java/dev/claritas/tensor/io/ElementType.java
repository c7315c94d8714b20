package dev.claritas.tensor.io;

/**
 * The safetensors dtypes this codec reads and writes: those PyTorch 1.13 can store. The unsigned
 * 16/32/64-bit and 8-bit float types of newer safetensors versions are not supported.
 */
enum ElementType {
    BOOL(1, false),
    U8(1, false),
    I8(1, false),
    I16(2, false),
    I32(4, false),
    I64(8, false),
    F16(2, true),
    BF16(2, true),
    F32(4, true),
    F64(8, true);

    private final int byteSize;
    private final boolean floating;

    ElementType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    int byteSize() {
        return byteSize;
    }

    /** Whether this is a floating-point type (as opposed to an integer or BOOL). */
    boolean isFloatingPoint() {
        return floating;
    }

    /** The type with this safetensors name, or {@code null} if it is not one this codec supports. */
    static ElementType byName(String name) {
        for (ElementType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
