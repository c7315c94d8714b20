package dev.claritas.mri.io;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * The uncompressed transfer syntaxes the DICOM reader understands (PS3.5 section 10 and annex A): how the data set
 * after the file meta information is encoded. Compressed ones are named in the error so that a user knows what
 * to convert with, e.g. {@code dcmdjpeg} or {@code gdcmconv --raw}.
 */
enum DicomTransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false, ByteOrder.LITTLE_ENDIAN),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", true, ByteOrder.LITTLE_ENDIAN),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", true, ByteOrder.BIG_ENDIAN);

    /** Names of transfer syntaxes that are recognised but not supported (PS3.6 annex A). */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian"),
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless"),
            Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Lossless"),
            Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"));

    private final String uid;
    private final boolean explicitVr;
    private final ByteOrder order;

    DicomTransferSyntax(String uid, boolean explicitVr, ByteOrder order) {
        this.uid = uid;
        this.explicitVr = explicitVr;
        this.order = order;
    }

    boolean explicitVr() {
        return explicitVr;
    }

    ByteOrder order() {
        return order;
    }

    /** The syntax with this UID, or a format error saying which unsupported one it is. */
    static DicomTransferSyntax of(String uid, Path file) throws ImageFormatException {
        for (DicomTransferSyntax syntax : values()) {
            if (syntax.uid.equals(uid)) {
                return syntax;
            }
        }
        String name = UNSUPPORTED.getOrDefault(uid, "unknown");
        throw new ImageFormatException(file, "(0002,0010) TransferSyntaxUID",
                "unsupported transfer syntax " + uid + " (" + name + ")");
    }
}
