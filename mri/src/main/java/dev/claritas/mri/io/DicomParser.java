package dev.claritas.mri.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Splits one DICOM file (PS3.10 section 7: preamble, "DICM", file meta information, data set) into its top-level
 * elements, following PS3.5 section 7 for explicit and implicit VR encodings. Sequences are skipped, including
 * nested undefined-length ones. Every length is checked against the bytes left before it is used, so a lying
 * length ends in an {@link ImageFormatException} naming the tag. Parsing stops after the pixel data.
 */
final class DicomParser {

    /** Files are read whole; a DICOM image larger than one Java array is not supported. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    private static final int PREAMBLE = 128;
    private static final long UNDEFINED_LENGTH = 0xFFFF_FFFFL;
    /** Deeper nesting than any real file has; the bound keeps a hostile file from exhausting the stack. */
    private static final int MAX_SEQUENCE_DEPTH = 32;
    /** VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 table 7.1-1). */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");

    private final Path file;
    private final byte[] bytes;
    private ByteBuffer in;
    private boolean explicitVr;

    private DicomParser(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    static DicomDataset parse(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ImageFormatException(file, "file", "is a directory");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ImageFormatException(file, "file", size + " bytes; at most " + MAX_FILE_BYTES
                        + " are supported");
            }
            return new DicomParser(file, Files.readAllBytes(file)).parse();
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(file, "file", "not found", e);
        }
    }

    /** Whether the file starts like DICOM: "DICM" after the preamble. */
    static boolean hasMagic(byte[] start) {
        return start.length >= PREAMBLE + 4
                && new String(start, PREAMBLE, 4, StandardCharsets.ISO_8859_1).equals("DICM");
    }

    private DicomDataset parse() throws ImageFormatException {
        in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, DicomDataset.Element> elements = new HashMap<>();
        DicomTransferSyntax syntax;
        if (hasMagic(bytes)) {
            in.position(PREAMBLE + 4);
            explicitVr = true; // the file meta information is always explicit VR little endian
            while (in.remaining() >= 2 && in.getShort(in.position()) == 0x0002) {
                readElement(elements, 0);
            }
            DicomDataset meta = new DicomDataset(file, bytes, ByteOrder.LITTLE_ENDIAN, elements);
            syntax = DicomTransferSyntax.of(meta.string(DicomTags.TRANSFER_SYNTAX_UID), file);
        } else {
            syntax = guessSyntaxWithoutMeta();
        }
        in.order(syntax.order());
        explicitVr = syntax.explicitVr();
        while (in.hasRemaining()) {
            int tag = readElement(elements, 0);
            if (tag == DicomTags.PIXEL_DATA) {
                break;
            }
        }
        return new DicomDataset(file, bytes, syntax.order(), elements);
    }

    /**
     * A data set stored without preamble and meta information (older files) is little endian; its VR is explicit
     * when the bytes after the first tag are two capital letters. It must start with a group that real files
     * start with, so that any other file is refused rather than parsed as noise.
     */
    private DicomTransferSyntax guessSyntaxWithoutMeta() throws ImageFormatException {
        int group = bytes.length >= 8 ? in.getShort(0) & 0xFFFF : -1;
        if (group != 0x0002 && group != 0x0008) {
            throw new ImageFormatException(file, "preamble", "no 'DICM' at byte " + PREAMBLE
                    + " and no data set at the start: not a DICOM file");
        }
        boolean explicit = isVr(bytes[4], bytes[5]);
        return explicit ? DicomTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : DicomTransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }

    private static boolean isVr(byte a, byte b) {
        return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z';
    }

    /**
     * Reads one element at the current position; top-level ones ({@code depth} 0) are recorded.
     *
     * @return its tag
     */
    private int readElement(Map<Integer, DicomDataset.Element> elements, int depth) throws ImageFormatException {
        int start = in.position();
        if (in.remaining() < 8) {
            throw new ImageFormatException(file, "data set", "truncated: " + in.remaining()
                    + " bytes at offset " + start + " cannot hold an element header");
        }
        int tag = (in.getShort() & 0xFFFF) << 16 | (in.getShort() & 0xFFFF);
        String vr = null;
        long length;
        if (explicitVr && (tag >>> 16) != 0xFFFE) {
            vr = new String(bytes, in.position(), 2, StandardCharsets.ISO_8859_1);
            in.position(in.position() + 2);
            if (!isVr((byte) vr.charAt(0), (byte) vr.charAt(1))) {
                throw fail(tag, "'" + vr.replaceAll("[^ -~]", "?") + "' at offset " + start
                        + " is not a value representation");
            }
            if (LONG_VRS.contains(vr)) {
                if (in.remaining() < 6) {
                    throw fail(tag, "truncated element header at offset " + start);
                }
                in.position(in.position() + 2);
                length = in.getInt() & 0xFFFF_FFFFL;
            } else {
                length = in.getShort() & 0xFFFF;
            }
        } else {
            length = in.getInt() & 0xFFFF_FFFFL;
        }
        if (length == UNDEFINED_LENGTH) {
            if (tag == DicomTags.PIXEL_DATA) {
                throw fail(tag, "undefined length (encapsulated pixel data) with an uncompressed transfer syntax");
            }
            if (vr != null && !vr.equals("SQ") && !vr.equals("UN")) {
                throw fail(tag, "undefined length is not allowed for VR " + vr);
            }
            skipUndefinedSequence(tag, depth);
            return tag;
        }
        if (length > in.remaining()) {
            throw fail(tag, "length " + length + " at offset " + start + " goes beyond the end of the file ("
                    + in.remaining() + " bytes left)");
        }
        if (depth == 0) {
            elements.put(tag, new DicomDataset.Element(vr, in.position(), (int) length));
        }
        in.position(in.position() + (int) length);
        return tag;
    }

    /** Skips the items of a sequence of undefined length up to its sequence delimitation item. */
    private void skipUndefinedSequence(int sequenceTag, int depth) throws ImageFormatException {
        if (depth >= MAX_SEQUENCE_DEPTH) {
            throw fail(sequenceTag, "sequences nested more than " + MAX_SEQUENCE_DEPTH + " deep");
        }
        while (true) {
            if (in.remaining() < 8) {
                throw fail(sequenceTag, "truncated: the file ends inside this sequence");
            }
            int tag = (in.getShort() & 0xFFFF) << 16 | (in.getShort() & 0xFFFF);
            long length = in.getInt() & 0xFFFF_FFFFL;
            if (tag == DicomTags.SEQUENCE_DELIMITATION) {
                return;
            }
            if (tag != DicomTags.ITEM) {
                throw fail(sequenceTag, DicomDataset.format(tag) + " inside the sequence where an item should be");
            }
            if (length != UNDEFINED_LENGTH) {
                if (length > in.remaining()) {
                    throw fail(sequenceTag, "an item's length " + length + " goes beyond the end of the file");
                }
                in.position(in.position() + (int) length);
                continue;
            }
            while (true) { // an item of undefined length: its elements up to the item delimitation
                if (in.remaining() >= 8 && itemDelimitationAhead()) {
                    in.position(in.position() + 8);
                    break;
                }
                readElement(Map.of(), depth + 1);
            }
        }
    }

    private boolean itemDelimitationAhead() {
        int p = in.position();
        int tag = (in.getShort(p) & 0xFFFF) << 16 | (in.getShort(p + 2) & 0xFFFF);
        return tag == DicomTags.ITEM_DELIMITATION;
    }

    private ImageFormatException fail(int tag, String problem) {
        return new ImageFormatException(file, DicomTags.name(tag), problem);
    }
}
