package dev.claritas.tensor.io;

/**
 * A safetensors file that is corrupt, truncated or hostile. The message names the file and the
 * offending field.
 *
 * <p>Unchecked, and an {@link IllegalArgumentException}, because the bytes given to the reader are
 * an invalid argument; failures to read them at all stay {@link java.io.IOException}s.
 */
public final class SafeTensorsFormatException extends IllegalArgumentException {

    /** An error in the file called {@code name}; the message becomes {@code "name: detail"}. */
    public SafeTensorsFormatException(String name, String detail) {
        super(name + ": " + detail);
    }

    /** As {@link #SafeTensorsFormatException(String, String)}, keeping the underlying error. */
    public SafeTensorsFormatException(String name, String detail, Throwable cause) {
        super(name + ": " + detail, cause);
    }
}
