package dev.claritas.mri.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Views plain arrays (NumPy, BART) as NIfTI-style images so the command-line tools can show and convert them. Such
 * arrays carry no geometry: the image gets unit voxels and no orientation (qform and sform codes 0).
 */
final class ArrayImages {

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
