package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
}
