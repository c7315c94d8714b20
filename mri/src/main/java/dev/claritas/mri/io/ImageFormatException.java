package dev.claritas.mri.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as an image: missing, not the expected format, damaged or unsupported.
 *
 * <p>The message is a single line {@code "<file>: <field>: <problem>"} so that a command-line tool can
 * print it as is. It extends {@link IOException} because it is reported where I/O errors are, and callers
 * that do not care about the difference can catch both at once.
 */
public final class ImageFormatException extends IOException {

    private final transient Path file;
    private final String field;
    private final String problem;

    /**
     * @param file the file being read
     * @param field the header field or part of the file at fault, e.g. {@code "dim[2]"} or {@code "data"}
     * @param problem what is wrong with it, in words
     */
    public ImageFormatException(Path file, String field, String problem) {
        this(file, field, problem, null);
    }

    /** As {@link #ImageFormatException(Path, String, String)}, keeping the low-level exception that revealed it. */
    public ImageFormatException(Path file, String field, String problem, Throwable cause) {
        super(file + ": " + field + ": " + problem, cause);
        this.file = file;
        this.field = field;
        this.problem = problem;
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** The header field or part of the file at fault. */
    public String field() {
        return field;
    }

    /** What is wrong, without the file and field. */
    public String problem() {
        return problem;
    }
}
