package dev.claritas.mri.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Views plain arrays (NumPy, BART) as NIfTI-style images so the command-line tools can show and convert them, and
 * images as such arrays to write them. Such arrays carry no geometry: read, the image gets unit voxels and no
 * orientation (qform and sform codes 0); written, the image's geometry is dropped.
 */
public final class ArrayImages {

    private static final int MAX_RANK = 7;

    private ArrayImages() {}

    /**
     * A NumPy array as an image. NIfTI's first axis is the fastest in memory and NumPy's (C order) the last, so the
     * image's shape is the array's reversed and the data is unchanged: an array {@code [slices, rows, columns]}
     * becomes x = columns, y = rows, z = slices. A scalar becomes one voxel.
     */
    static NiftiImage fromNpy(Path file, NpyArray array) throws ImageFormatException {
        int[] shape = array.shape();
        int[] reversed = new int[Math.max(1, shape.length)];
        Arrays.fill(reversed, 1);
        for (int i = 0; i < shape.length; i++) {
            reversed[i] = shape[shape.length - 1 - i];
        }
        return image(file, reversed, array.dtype().isComplex(), array.data(), "NumPy " + array.dtype().descr());
    }

    /**
     * An image as the NumPy array {@link #fromNpy} would read it as: the shape reversed (x becomes the last,
     * fastest axis), the data unchanged, of the NumPy type matching {@code datatype}.
     *
     * @throws IllegalArgumentException for uint32, which this library's NumPy support lacks, or for a real type
     *                                  asked of a complex image
     */
    public static NpyArray toNpy(NiftiImage image, NiftiDatatype datatype) {
        if (image.isComplex() != datatype.isComplex()) {
            throw new IllegalArgumentException("a " + (image.isComplex() ? "complex" : "real") + " image cannot be "
                    + "written as " + datatype);
        }
        NpyDtype dtype = switch (datatype) {
            case UINT8 -> NpyDtype.UINT8;
            case INT8 -> new NpyDtype(java.nio.ByteOrder.LITTLE_ENDIAN, 'i', 1);
            case INT16 -> NpyDtype.INT16;
            case UINT16 -> new NpyDtype(java.nio.ByteOrder.LITTLE_ENDIAN, 'u', 2);
            case INT32 -> NpyDtype.INT32;
            case FLOAT32 -> NpyDtype.FLOAT32;
            case FLOAT64 -> NpyDtype.FLOAT64;
            case COMPLEX64 -> NpyDtype.COMPLEX64;
            case UINT32 -> throw new IllegalArgumentException("uint32 cannot be written as NumPy; supported: "
                    + NpyDtype.SUPPORTED);
        };
        int[] shape = image.shape();
        int[] reversed = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            reversed[i] = shape[shape.length - 1 - i];
        }
        return new NpyArray(reversed, dtype, image.data());
    }

    /** An image as a BART array of the same dimensions, complex64 (a real image gets imaginary parts of 0). */
    public static CflArray toCfl(NiftiImage image) {
        float[] pairs = image.data();
        if (!image.isComplex()) {
            float[] real = pairs;
            pairs = new float[2 * real.length];
            for (int i = 0; i < real.length; i++) {
                pairs[2 * i] = real[i];
            }
        }
        return new CflArray(image.shape(), pairs);
    }

    /** A BART array as a complex64 image: BART's dimensions are first-fastest like NIfTI's, so they map one to one. */
    static NiftiImage fromCfl(Path file, CflArray array) throws ImageFormatException {
        return image(file, array.usedDims(), true, array.data(), "BART cfl");
    }

    private static NiftiImage image(Path file, int[] shape, boolean complex, float[] data, String descrip)
            throws ImageFormatException {
        if (shape.length > MAX_RANK) {
            throw new ImageFormatException(file, "shape", Arrays.toString(shape) + " has more than " + MAX_RANK
                    + " dimensions, the most an image can have");
        }
        for (int d : shape) {
            if (d < 1) {
                throw new ImageFormatException(file, "shape", Arrays.toString(shape) + " is empty");
            }
        }
        float[] ones = new float[shape.length];
        Arrays.fill(ones, 1f);
        NiftiHeader plain = NiftiHeader.of(shape, ones);
        NiftiHeader h = complex ? plain.withDatatype(NiftiDatatype.COMPLEX64) : plain;
        return new NiftiImage(new NiftiHeader(h.dim(), h.datatype(), h.pixdim(), h.voxOffset(), h.sclSlope(),
                h.sclInter(), h.xyztUnits(), 0f, 0f, 0, 0, 0f, 0f, 0f, 0f, 0f, 0f, h.srowX(), h.srowY(), h.srowZ(),
                descrip, 0, 0f, 0f, 0f, ""), data);
    }
}
