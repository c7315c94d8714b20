package dev.claritas.tensor;

/** Thrown when an op's operands have incompatible shapes, dtypes or devices; the message names the op and the operands. */
public class ShapeMismatchException extends IllegalArgumentException {
    public ShapeMismatchException(String message) {
        super(message);
    }
}
