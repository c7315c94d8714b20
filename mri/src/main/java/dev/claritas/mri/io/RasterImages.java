package dev.claritas.mri.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Greyscale pictures (PNG, TIFF; 8- or 16-bit) read and written with {@code javax.imageio}. Read, a picture is a 2-D
 * NIfTI-style image of datatype uint8 or uint16: x is the column and y counts rows from the bottom, so writing it
 * back gives the same picture. Pictures carry no geometry: unit voxels, no orientation. Colour pictures are refused
 * rather than silently mixed down, since which channel or weighting is meant is the user's choice.
 */
public final class RasterImages {
    private RasterImages() {}

    /**
     * What {@link #write} drew.
     *
     * @param slice    the slice written, along the third axis
     * @param slices   the image's slices along it (1 for a 2-D image)
     * @param bits     8 or 16
     * @param windowed whether values were mapped from [low, high] onto the full grey range; if not, they were
     *                 written as they are
     * @param low      the value drawn black when windowed
     * @param high     the value drawn white when windowed
     */
    public record Picture(int slice, int slices, int bits, boolean windowed, double low, double high) {}

    /**
     * Writes one slice of a 2-D or 3-D real image as a greyscale PNG or TIFF (by the file's extension), the image's
     * y axis pointing up. An image whose datatype is the picture's depth (uint8 for 8 bits, uint16 for 16) and
     * whose values are all whole numbers in its range is written as it is, so a picture read and written again is unchanged; any other is windowed: its minimum over
     * the whole image black, its maximum white (NaN black).
     *
     * @param slice along the third axis, or -1 for the middle one
     * @param bits  8 or 16
     * @throws IllegalArgumentException if the image is complex or not 2-D/3-D, the slice is out of range, or the
     *                                  extension is not .png, .tif or .tiff
     */
    public static Picture write(Path file, NiftiImage image, int slice, int bits) throws IOException {
        String format = pictureFormat(file);
        if (image.isComplex()) {
            throw new IllegalArgumentException(file + ": datatype: complex64; pictures take real images");
        }
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("pictures are 8- or 16-bit, not " + bits);
        }
        int[] shape = image.shape();
        if (shape.length < 2 || shape.length > 3) {
            throw new IllegalArgumentException(file + ": a " + shape.length
                    + "-D image; pictures take a 2-D image or a slice of a 3-D one");
        }
        int nx = shape[0], ny = shape[1], nz = shape.length == 3 ? shape[2] : 1;
        int k = slice >= 0 ? slice : nz / 2;
        if (k >= nz) {
            throw new IllegalArgumentException("--slice " + k + " is outside the image's slices 0.." + (nz - 1));
        }
        float[] data = image.data();
        NiftiDatatype own = image.header().datatype();
        int top = (1 << bits) - 1;
        boolean fits = bits == 8 ? own == NiftiDatatype.UINT8 : own == NiftiDatatype.UINT16;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (float v : data) {
            if (!Float.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                fits &= v == Math.rint(v) && v >= 0 && v <= top; // NIfTI scaling may have made them fractional
            }
        }
        boolean windowed = !fits;
        if (!(hi > lo)) { // a constant (or all-NaN) image: draw it black rather than divide by zero
            lo = Double.isFinite(lo) ? lo : 0;
            hi = lo + 1;
        }
        BufferedImage picture = new BufferedImage(nx, ny, bits == 8 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = picture.getRaster();
        int offset = k * nx * ny;
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                float v = data[offset + x + nx * y];
                double level = windowed ? Math.rint((v - lo) * top / (hi - lo)) : Math.rint(v);
                // rows flipped: the image's y points up the anatomy, a picture's rows go down
                raster.setSample(x, ny - 1 - y, 0, Double.isNaN(level) ? 0 : (int) Math.clamp(level, 0, top));
            }
        }
        if (!ImageIO.write(picture, format, file.toFile())) {
            throw new IOException(file + ": no " + format + " writer available");
        }
        return new Picture(k, nz, bits, windowed, lo, hi);
    }

    /** ImageIO's format name for a picture file's extension. */
    private static String pictureFormat(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            return "tiff";
        }
        throw new IllegalArgumentException(file + ": a picture file ends in .png, .tif or .tiff");
    }

    /** Reads a greyscale PNG or TIFF as a 2-D uint8 or uint16 image. */
    static NiftiImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ImageFormatException(file, "file", Files.exists(file) ? "is not a regular file" : "not found");
        }
        BufferedImage picture;
        try {
            picture = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new ImageFormatException(file, "picture", "unreadable (" + e.getMessage() + ")", e);
        }
        if (picture == null) {
            throw new ImageFormatException(file, "picture", "not a PNG or TIFF that javax.imageio can read");
        }
        Raster raster = picture.getRaster();
        int bands = raster.getNumBands();
        if (bands != 1) {
            throw new ImageFormatException(file, "colour", bands + " channels (" + (picture.getColorModel().hasAlpha()
                    ? "with alpha" : "RGB") + "); only greyscale pictures are read: convert it to grey first");
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        NiftiDatatype type = switch (bits) {
            case 1, 2, 4, 8 -> NiftiDatatype.UINT8;
            case 16 -> NiftiDatatype.UINT16;
            default -> throw new ImageFormatException(file, "bit depth", bits + " bits per sample; 8 or 16 are read");
        };
        int w = raster.getWidth(), h = raster.getHeight();
        float[] data = new float[Math.multiplyExact(w, h)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // getSample reads 16-bit samples unsigned, as PNG and TIFF store them
                data[(h - 1 - y) * w + x] = raster.getSample(x, y, 0);
            }
        }
        return new NiftiImage(NiftiHeader.of(new int[] {w, h}, new float[] {1, 1}).withDatatype(type), data);
    }
}
