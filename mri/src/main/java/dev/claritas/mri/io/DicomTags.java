package dev.claritas.mri.io;

import java.util.Map;

/** The DICOM tags the reader uses (PS3.6 section 6), as {@code group << 16 | element}, with their keywords. */
final class DicomTags {

    static final int TRANSFER_SYNTAX_UID = 0x0002_0010;
    static final int MODALITY = 0x0008_0060;
    static final int SLICE_THICKNESS = 0x0018_0050;
    static final int SPACING_BETWEEN_SLICES = 0x0018_0088;
    static final int SERIES_INSTANCE_UID = 0x0020_000E;
    static final int INSTANCE_NUMBER = 0x0020_0013;
    static final int IMAGE_POSITION_PATIENT = 0x0020_0032;
    static final int IMAGE_ORIENTATION_PATIENT = 0x0020_0037;
    static final int SAMPLES_PER_PIXEL = 0x0028_0002;
    static final int NUMBER_OF_FRAMES = 0x0028_0008;
    static final int ROWS = 0x0028_0010;
    static final int COLUMNS = 0x0028_0011;
    static final int PIXEL_SPACING = 0x0028_0030;
    static final int BITS_ALLOCATED = 0x0028_0100;
    static final int BITS_STORED = 0x0028_0101;
    static final int PIXEL_REPRESENTATION = 0x0028_0103;
    static final int RESCALE_INTERCEPT = 0x0028_1052;
    static final int RESCALE_SLOPE = 0x0028_1053;
    static final int PIXEL_DATA = 0x7FE0_0010;

    static final int ITEM = 0xFFFE_E000;
    static final int ITEM_DELIMITATION = 0xFFFE_E00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFE_E0DD;

    private static final Map<Integer, String> KEYWORDS = Map.ofEntries(
            Map.entry(TRANSFER_SYNTAX_UID, "TransferSyntaxUID"),
            Map.entry(MODALITY, "Modality"),
            Map.entry(SLICE_THICKNESS, "SliceThickness"),
            Map.entry(SPACING_BETWEEN_SLICES, "SpacingBetweenSlices"),
            Map.entry(SERIES_INSTANCE_UID, "SeriesInstanceUID"),
            Map.entry(INSTANCE_NUMBER, "InstanceNumber"),
            Map.entry(IMAGE_POSITION_PATIENT, "ImagePositionPatient"),
            Map.entry(IMAGE_ORIENTATION_PATIENT, "ImageOrientationPatient"),
            Map.entry(SAMPLES_PER_PIXEL, "SamplesPerPixel"),
            Map.entry(NUMBER_OF_FRAMES, "NumberOfFrames"),
            Map.entry(ROWS, "Rows"),
            Map.entry(COLUMNS, "Columns"),
            Map.entry(PIXEL_SPACING, "PixelSpacing"),
            Map.entry(BITS_ALLOCATED, "BitsAllocated"),
            Map.entry(BITS_STORED, "BitsStored"),
            Map.entry(PIXEL_REPRESENTATION, "PixelRepresentation"),
            Map.entry(RESCALE_INTERCEPT, "RescaleIntercept"),
            Map.entry(RESCALE_SLOPE, "RescaleSlope"),
            Map.entry(PIXEL_DATA, "PixelData"));

    private DicomTags() {}

    /** E.g. {@code "(0028,0010) Rows"}, or just the numbers for a tag without a keyword here. */
    static String name(int tag) {
        String keyword = KEYWORDS.get(tag);
        return DicomDataset.format(tag) + (keyword != null ? " " + keyword : "");
    }
}
