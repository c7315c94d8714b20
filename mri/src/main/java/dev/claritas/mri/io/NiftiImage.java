package dev.claritas.mri.io;

import java.util.Objects;

/**
 * A NIfTI image: its header and its voxels as floats in real units (any {@code scl_slope}/{@code scl_inter}
 * already applied), in NIfTI order: x fastest, then y, then z, and so on. Voxel (x, y, z) of a 3-D image is
 * {@code data[x + nx * (y + ny * z)]}.
 *
 * <p>A complex64 image ({@code header.datatype().isComplex()}) holds two floats per voxel, real then
 * imaginary, interleaved as in the file: voxel i is {@code (data[2i], data[2i+1])}, the trailing dimension of 2
 * the rest of the library uses for complex data.
 *
 * <p>The data array is shared, not copied, since volumes are large: whoever changes it changes the image.
 * Like any record holding arrays, {@code equals} compares them by identity.
 *
 * @param header the header: shape, geometry and provenance
 * @param data   voxel values, {@code header.voxelCount() * header.valuesPerVoxel()} of them
 */
public record NiftiImage(NiftiHeader header, float[] data) {

    /** Checks that the data has one value per voxel of the header. */
    public NiftiImage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(data, "data");
        long expected = header.voxelCount() * header.valuesPerVoxel();
        if (data.length != expected) {
            throw new IllegalArgumentException("header describes " + header.voxelCount() + " " + header.datatype()
                    + " voxels (" + expected + " values) but data has " + data.length + " values");
        }
    }

    /**
     * The same geometry with other voxel values, e.g. the output of a denoiser. The values are taken to be in
     * real units; {@link Nifti#write(java.nio.file.Path, NiftiImage)} stores them as float32 with no scaling.
     */
    public NiftiImage withData(float[] newData) {
        return new NiftiImage(header, newData);
    }

    /** Whether voxels are complex, two floats each. */
    public boolean isComplex() {
        return header.datatype().isComplex();
    }

    /** Sizes of the used dimensions, x fastest. */
    public int[] shape() {
        return header.shape();
    }
}
