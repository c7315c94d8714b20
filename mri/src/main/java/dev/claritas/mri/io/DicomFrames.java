package dev.claritas.mri.io;

import static dev.claritas.mri.io.DicomTags.*;

import java.nio.ByteBuffer;

/**
 * The frames of one DICOM image and the geometry needed to place them: pixel values decoded per PS3.5 section
 * 8.1.1 (BitsAllocated, BitsStored, PixelRepresentation) and rescaled to real units with RescaleSlope and
 * RescaleIntercept (PS3.3 C.11.1.1.2), as {@code pixel_array * slope + intercept} in pydicom.
 *
 * @param file         where they came from, for messages
 * @param rows         Rows: pixels per column
 * @param columns      Columns: pixels per row
 * @param frames       NumberOfFrames, 1 for a single-frame image
 * @param data         values, column index fastest, then row, then frame
 * @param position     ImagePositionPatient (LPS, mm) of the first pixel, or null if absent
 * @param orientation  ImageOrientationPatient: the row then the column direction cosines, or null if absent
 * @param pixelSpacing PixelSpacing: the distance between rows, then between columns (mm); 1, 1 if absent
 * @param frameSpacing SpacingBetweenSlices, else SliceThickness, else NaN: the frame step of a multi-frame image
 * @param seriesUid    SeriesInstanceUID, or "" if absent
 * @param modality     Modality, or "" if absent
 */
record DicomFrames(java.nio.file.Path file, int rows, int columns, int frames, float[] data, double[] position,
        double[] orientation, double[] pixelSpacing, double frameSpacing, String seriesUid, String modality) {

    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    static DicomFrames decode(DicomDataset d) throws ImageFormatException {
        int samples = d.unsignedShort(SAMPLES_PER_PIXEL, 1);
        if (samples != 1) {
            throw d.fail(SAMPLES_PER_PIXEL, samples + "; only grey-level images (1 sample per pixel) are supported");
        }
        int rows = d.unsignedShort(ROWS);
        int columns = d.unsignedShort(COLUMNS);
        if (rows == 0 || columns == 0) {
            throw d.fail(rows == 0 ? ROWS : COLUMNS, "0; an image needs at least one pixel");
        }
        int bitsAllocated = d.unsignedShort(BITS_ALLOCATED);
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw d.fail(BITS_ALLOCATED, bitsAllocated + "; supported: 8, 16, 32");
        }
        int bitsStored = d.unsignedShort(BITS_STORED, bitsAllocated);
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw d.fail(BITS_STORED, bitsStored + " is not within 1.." + bitsAllocated + " (BitsAllocated)");
        }
        int representation = d.unsignedShort(PIXEL_REPRESENTATION, 0);
        if (representation > 1) {
            throw d.fail(PIXEL_REPRESENTATION, representation + "; must be 0 (unsigned) or 1 (signed)");
        }
        double frameCount = d.number(NUMBER_OF_FRAMES, 1);
        if (frameCount < 1 || frameCount != Math.rint(frameCount) || frameCount > MAX_VALUES) {
            throw d.fail(NUMBER_OF_FRAMES, d.string(NUMBER_OF_FRAMES) + " is not a whole number of frames from 1 on");
        }
        int frames = (int) frameCount;

        DicomDataset.Element pixels = d.element(PIXEL_DATA);
        int bytesPerPixel = bitsAllocated / 8;
        long frameBytes = (long) rows * columns * bytesPerPixel; // below 2^35, no overflow
        if (frames > pixels.length() / frameBytes) {
            throw d.fail(PIXEL_DATA, pixels.length() + " bytes, but " + rows + " Rows × " + columns + " Columns × "
                    + frames + " frames × " + bitsAllocated + " bits need " + frameBytes * frames);
        }
        long count = (long) rows * columns * frames;
        if (count > MAX_VALUES) {
            throw d.fail(NUMBER_OF_FRAMES, count + " pixels in all; at most " + MAX_VALUES + " are supported");
        }
        double slope = d.number(RESCALE_SLOPE, 1);
        double intercept = d.number(RESCALE_INTERCEPT, 0);
        float[] data = pixelValues(d, pixels.offset(), (int) count, bitsAllocated, bitsStored, representation == 1,
                slope, intercept);

        double[] spacing = d.has(PIXEL_SPACING) ? d.numbers(PIXEL_SPACING, 2) : new double[] {1, 1};
        if (!(spacing[0] > 0 && spacing[1] > 0)) {
            throw d.fail(PIXEL_SPACING, "spacings must be positive, got " + spacing[0] + "\\" + spacing[1]);
        }
        double frameSpacing = d.number(SPACING_BETWEEN_SLICES, d.number(SLICE_THICKNESS, Double.NaN));
        double[] position = d.has(IMAGE_POSITION_PATIENT) ? d.numbers(IMAGE_POSITION_PATIENT, 3) : null;
        double[] orientation = d.has(IMAGE_ORIENTATION_PATIENT) ? orientation(d) : null;
        return new DicomFrames(d.file(), rows, columns, frames, data, position, orientation, spacing, frameSpacing,
                d.string(SERIES_INSTANCE_UID, ""), d.string(MODALITY, ""));
    }

    /** Two unit direction cosines, at right angles, as PS3.3 C.7.6.2.1.1 requires. */
    private static double[] orientation(DicomDataset d) throws ImageFormatException {
        double[] o = d.numbers(IMAGE_ORIENTATION_PATIENT, 6);
        double row = Math.sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
        double column = Math.sqrt(o[3] * o[3] + o[4] * o[4] + o[5] * o[5]);
        double dot = o[0] * o[3] + o[1] * o[4] + o[2] * o[5];
        if (Math.abs(row - 1) > 1e-3 || Math.abs(column - 1) > 1e-3 || Math.abs(dot) > 1e-3) {
            throw d.fail(IMAGE_ORIENTATION_PATIENT, "the row and column directions are not orthonormal");
        }
        return o;
    }

    /**
     * Stored values with the bits above BitsStored ignored (they may hold overlays, PS3.5 8.1.1) and signed
     * values sign-extended from BitsStored, then rescaled.
     */
    private static float[] pixelValues(DicomDataset d, int offset, int count, int bitsAllocated, int bitsStored,
            boolean signed, double slope, double intercept) {
        ByteBuffer in = ByteBuffer.wrap(d.bytes()).order(d.order());
        long mask = bitsStored == 32 ? 0xFFFF_FFFFL : (1L << bitsStored) - 1;
        long signBit = 1L << (bitsStored - 1);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            long raw = switch (bitsAllocated) {
                case 8 -> d.bytes()[offset + i] & 0xFFL;
                case 16 -> in.getShort(offset + 2 * i) & 0xFFFFL;
                default -> in.getInt(offset + 4 * i) & 0xFFFF_FFFFL;
            };
            long stored = raw & mask;
            if (signed && (stored & signBit) != 0) {
                stored -= 1L << bitsStored;
            }
            out[i] = (float) (slope * stored + intercept);
        }
        return out;
    }
}
