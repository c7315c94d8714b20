package dev.claritas.tensor.io;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON describing each tensor (dtype, shape, byte range) plus optional string metadata
 * under {@code "__metadata__"}, then the tensors' bytes.
 *
 * <p>Reading treats the file as untrusted. Every header value is checked before it decides an
 * allocation or a read; a file that fails a check raises a {@link SafeTensorsFormatException}
 * naming the file and the field. The header may be at most {@link #MAX_HEADER_BYTES} long. Like
 * the reference implementation, the reader insists that the tensors cover the buffer exactly,
 * without overlaps, gaps or trailing bytes.
 */
public final class SafeTensors {

    /** Largest header accepted, as in the reference implementation: 100 MB. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafeTensors() {
    }

    /**
     * Reads a safetensors file. Each tensor is read into its own array, so files larger than 2 GB
     * are fine as long as every single tensor is smaller.
     *
     * @throws SafeTensorsFormatException if the file is not valid safetensors
     * @throws IOException                if it cannot be read
     */
    public static SafeTensorsFile read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(new ChannelSource(channel), path.toString());
        }
    }

    /**
     * Reads safetensors bytes held in memory.
     *
     * @param name what to call the data in error messages, such as where it came from
     * @throws SafeTensorsFormatException if the bytes are not valid safetensors
     */
    public static SafeTensorsFile read(byte[] bytes, String name) {
        try {
            return read(new ArraySource(bytes), name);
        } catch (IOException e) {
            throw new AssertionError("reading from an array cannot fail", e);
        }
    }

    /**
     * Reads safetensors data from a stream, to its end. The stream is not closed.
     *
     * @param name what to call the data in error messages, such as where it came from
     * @throws SafeTensorsFormatException if the data is not valid safetensors
     * @throws IOException                if the stream fails
     */
    public static SafeTensorsFile read(InputStream in, String name) throws IOException {
        return read(in.readAllBytes(), name);
    }

    /**
     * Writes tensors, in the map's order, and metadata to {@code path}, replacing any file there.
     * The data goes to a temporary file in the same directory, is flushed to disk, and is then
     * renamed over the target in one atomic step: a crash leaves either the old file or the new
     * one, never a mixture (at worst a stray {@code .*.tmp} file).
     *
     * @throws IllegalArgumentException if a tensor is called {@code "__metadata__"}
     * @throws IOException              if writing or renaming fails; the target is then untouched
     */
    public static void write(Path path, Map<String, RawTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Path target = path.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                write(out, tensors, metadata);
                out.flush();
                // The bytes must be durable before the rename can make them visible under the real name.
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                t.addSuppressed(cleanup);
            }
            throw t;
        }
    }

    /**
     * Writes tensors, in the map's order, and metadata to a stream, which is not closed.
     *
     * @throws IllegalArgumentException if a tensor is called {@code "__metadata__"}
     * @throws IOException              if the stream fails
     */
    public static void write(OutputStream out, Map<String, RawTensor> tensors, Map<String, String> metadata)
            throws IOException {
        if (tensors.containsKey(SafeTensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("a tensor cannot be called " + SafeTensorsHeader.METADATA_KEY);
        }
        byte[] header = SafeTensorsHeader.encode(tensors, metadata);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        for (RawTensor t : tensors.values()) {
            out.write(t.data());
        }
    }

    private static SafeTensorsFile read(Source source, String name) throws IOException {
        long size = source.size();
        if (size < 8) {
            throw new SafeTensorsFormatException(name, "only " + size + " bytes, too short for the 8-byte header length");
        }
        byte[] lengthBytes = new byte[8];
        source.readFully(0, lengthBytes);
        long headerLength = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // A negative long is an unsigned length of 2^63 or more: too large as well.
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(name, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > size - 8) {
            throw new SafeTensorsFormatException(name, "header length " + headerLength
                    + " is larger than the rest of the file (" + (size - 8) + " bytes)");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        source.readFully(8, headerBytes);
        long bufferStart = 8 + headerLength;
        SafeTensorsHeader header = SafeTensorsHeader.parse(headerBytes, size - bufferStart, name);

        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        for (SafeTensorsHeader.Entry e : header.entries()) {
            byte[] data = new byte[e.byteLength()];
            source.readFully(bufferStart + e.begin(), data);
            tensors.put(e.name(), new RawTensor(e.type().name(), e.shape(), data));
        }
        return new SafeTensorsFile(tensors, header.metadata());
    }

    /** Random access to the bytes being read, so that a file need not be loaded whole. */
    private interface Source {
        long size() throws IOException;

        /** Fills {@code into} with the bytes starting at {@code position}. */
        void readFully(long position, byte[] into) throws IOException;
    }

    private record ArraySource(byte[] bytes) implements Source {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void readFully(long position, byte[] into) {
            System.arraycopy(bytes, Math.toIntExact(position), into, 0, into.length);
        }
    }

    private record ChannelSource(FileChannel channel) implements Source {
        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void readFully(long position, byte[] into) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(into);
            while (buffer.hasRemaining()) {
                // The file may shrink after size() was taken.
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new EOFException("file ended while reading " + into.length + " bytes at " + position);
                }
            }
        }
    }
}
