package dev.claritas.tensor;

/** Element types. Floating types take part in autograd; int64 holds indices, bool holds masks. */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8),
    INT64("int64", 8),
    BOOL("bool", 1);

    private final String pyName;
    private final int byteSize;

    DType(String pyName, int byteSize) {
        this.pyName = pyName;
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether gradients can flow through values of this type. */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    @Override
    public String toString() {
        return pyName;
    }
}
