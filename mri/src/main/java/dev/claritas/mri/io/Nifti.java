package dev.claritas.mri.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes single-file NIfTI-1 and NIfTI-2 images ({@code .nii}, and {@code .nii.gz} compressed with
 * gzip).
 *
 * <p>Reading accepts either byte order and the datatypes uint8, int8, int16, uint16, int32, uint32, float32,
 * float64 and complex64, and returns voxels as floats in real units: when {@code scl_slope} is neither 0 nor
 * non-finite each value is {@code scl_slope * stored + scl_inter}, as the NIfTI standard says. Complex64 voxels
 * become two floats each (see {@link NiftiImage}). The header keeps its version, so an image is written back as
 * it was read. Whether a file is compressed is told by its first bytes, not its name. Header extensions are
 * skipped and not kept. Separate .hdr/.img pairs are refused with a message saying so.
 *
 * <p>Writing produces a little-endian single file with no extensions, compressed when the name ends in
 * {@code .gz}, keeping every geometry field of the image's header.
 */
public final class Nifti {

    private Nifti() {}

    /**
     * Reads a NIfTI-1 image.
     *
     * @throws ImageFormatException if the file is missing, is not NIfTI-1, is truncated, or has a header that
     *                              is inconsistent or uses something unsupported; the message names the file
     *                              and the field at fault
     * @throws IOException          if reading fails for another reason, e.g. permissions
     */
    public static NiftiImage read(Path file) throws IOException {
        return new NiftiReader(file).read();
    }

    /**
     * Writes an image as float32 (complex64 if it is complex) with {@code scl_slope} 1 and {@code scl_inter} 0,
     * since its data is already in real units. Use this for computed images, e.g. {@code image.withData(denoised)}.
     *
     * @throws IllegalArgumentException if the name does not end in {@code .nii} or {@code .nii.gz}
     */
    public static void write(Path file, NiftiImage image) throws IOException {
        write(file, image, image.isComplex() ? NiftiDatatype.COMPLEX64 : NiftiDatatype.FLOAT32);
    }

    /**
     * Writes an image with the given voxel datatype; {@code write(file, image, image.header().datatype())}
     * keeps the datatype the image was read with. For integer types, values are stored as
     * {@code round((value - scl_inter) / scl_slope)} using the header's slope and intercept when it has a valid
     * slope, else slope 1 and intercept 0, and clamped to the type's range (NaN becomes stored 0). Float types
     * are stored with slope 1 and intercept 0; float64 gains no precision over the float data.
     *
     * @throws IllegalArgumentException if the name does not end in {@code .nii} or {@code .nii.gz}, or if complex
     *                                  data is to be stored as a real type or real data as complex64
     */
    public static void write(Path file, NiftiImage image, NiftiDatatype datatype) throws IOException {
        NiftiWriter.write(file, image, datatype);
    }
}
