package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch of the array and MetaImage formats, and how arrays map onto images. */
class ImageFormatsTest {

    private static final Path IO = Path.of("src/test/resources/io");

    @TempDir
    Path tmp;

    @Test
    void recognisesFormatsByExtensionAndHeader() throws IOException {
        assertEquals(ImageFormats.Format.NPY, ImageFormats.of(IO.resolve("npy/f4_c.npy")));
        assertEquals(ImageFormats.Format.BART, ImageFormats.of(IO.resolve("cfl/ph.cfl")));
        assertEquals(ImageFormats.Format.BART, ImageFormats.of(IO.resolve("cfl/ph.hdr")));
        assertEquals(ImageFormats.Format.METAIMAGE, ImageFormats.of(IO.resolve("metaimage/uchar.mha")));
        assertEquals(ImageFormats.Format.METAIMAGE, ImageFormats.of(IO.resolve("metaimage/float_pair.mhd")));
        Path analyze = tmp.resolve("scan.hdr");
        Files.write(analyze, new byte[348]);
        assertNull(ImageFormats.of(analyze), "an Analyze/NIfTI .hdr is not BART's");
    }

    @Test
    void npyShapeIsReversedIntoImageAxes() throws IOException {
        NiftiImage im = ImageFormats.read(IO.resolve("npy/f4_c.npy"));
        assertArrayEquals(new int[] {4, 3, 2}, im.shape());
        assertEquals(123f, im.data()[3 + 4 * (2 + 3 * 1)]); // numpy [1, 2, 3] is x 3, y 2, z 1
        assertEquals(0, im.header().sformCode());
        NiftiImage c = ImageFormats.read(IO.resolve("npy/c8.npy"));
        assertTrue(c.isComplex());
        assertArrayEquals(new int[] {3, 2}, c.shape());
    }

    @Test
    void bartDimsAreImageAxes() throws IOException {
        NiftiImage im = ImageFormats.read(IO.resolve("cfl/grid.hdr"));
        assertTrue(im.isComplex());
        assertArrayEquals(new int[] {3, 2}, im.shape());
        assertEquals(12f, im.data()[2 * (2 + 3 * 1)]);
    }

    @Test
    void convertsArraysToNifti() throws IOException {
        for (String in : new String[] {"npy/c8.npy", "cfl/ph.cfl", "metaimage/short_msb.mha"}) {
            NiftiImage im = ImageFormats.read(IO.resolve(in));
            Path out = tmp.resolve("out.nii");
            Nifti.write(out, im);
            NiftiImage back = Nifti.read(out);
            assertArrayEquals(im.shape(), back.shape(), in);
            assertArrayEquals(im.data(), back.data(), in);
        }
    }

    @Test
    void readsGreyPicturesOf8And16BitsBottomRowFirstAndRefusesColour() throws IOException {
        for (String ext : new String[] {"png", "tif"}) {
            for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY}) {
                BufferedImage picture = new BufferedImage(3, 2, type);
                int top = type == BufferedImage.TYPE_BYTE_GRAY ? 200 : 60_000; // 60000 > 32767: read unsigned
                picture.getRaster().setSample(2, 0, 0, top);
                picture.getRaster().setSample(0, 1, 0, 7);
                Path file = tmp.resolve("grey" + type + "." + ext);
                assertTrue(ImageIO.write(picture, ext, file.toFile()), ext);
                assertEquals(ImageFormats.Format.PICTURE, ImageFormats.of(file));
                NiftiImage image = ImageFormats.read(file);
                assertArrayEquals(new int[] {3, 2}, image.shape());
                assertEquals(type == BufferedImage.TYPE_BYTE_GRAY ? NiftiDatatype.UINT8 : NiftiDatatype.UINT16,
                        image.header().datatype(), ext);
                // NIfTI y points up: the picture's bottom row comes first
                assertArrayEquals(new float[] {7, 0, 0, 0, 0, top}, image.data(), ext + " " + type);
            }
        }
        Path rgb = tmp.resolve("colour.png");
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFormats.read(rgb));
        assertTrue(e.getMessage().contains("only greyscale pictures are read"), e.getMessage());
    }
}
