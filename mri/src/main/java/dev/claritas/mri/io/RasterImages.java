package dev.claritas.mri.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Greyscale pictures (PNG, TIFF; 8- or 16-bit) read with {@code javax.imageio} as 2-D NIfTI-style images of
 * datatype uint8 or uint16: x is the column and y counts rows from the bottom, so converting back to PNG gives
 * the same picture. Pictures carry no geometry: unit voxels, no orientation. Colour pictures are refused rather
 * than silently mixed down, since which channel or weighting is meant is the user's choice.
 */
final class RasterImages {
    private RasterImages() {}

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
