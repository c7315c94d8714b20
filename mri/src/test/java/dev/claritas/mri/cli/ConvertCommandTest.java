package dev.claritas.mri.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.mri.cli.ClaritasCliTest.Run;
import dev.claritas.mri.io.FastMriFile;
import dev.claritas.mri.io.FastMriVolume;
import dev.claritas.mri.io.ImageFormats;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiDatatype;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.io.Npy;
import dev.claritas.mri.io.NpyArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code claritas convert}: NIfTI to NIfTI keeps values and geometry; PNG shows the right slice, windowed. */
class ConvertCommandTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void findDemoData() {
        System.setProperty("claritas.home", "..");
    }

    @Test
    void compressedToPlainKeepsEverythingAndDatatypeCanChange() throws IOException {
        NiftiImage scan = Nifti.read(DemoData.scan());
        Path plain = dir.resolve("t1.nii");
        Run r = ClaritasCliTest.run("convert", DemoData.scan().toString(), plain.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Wrote " + plain + " (int16)", r.out().strip());
        NiftiImage copy = Nifti.read(plain);
        assertEquals(NiftiDatatype.INT16, copy.header().datatype());
        assertArrayEquals(scan.data(), copy.data());
        assertArrayEquals(scan.header().affine(), copy.header().affine());
        assertArrayEquals(scan.header().pixdim(), copy.header().pixdim());
        assertEquals(352 + 2L * scan.data().length, Files.size(plain)); // uncompressed: header + int16 voxels

        Path floats = dir.resolve("t1-float.nii.gz");
        assertEquals(0, ClaritasCliTest.run("convert", plain.toString(), floats.toString(), "--datatype", "float32").code());
        NiftiImage asFloat = Nifti.read(floats);
        assertEquals(NiftiDatatype.FLOAT32, asFloat.header().datatype());
        assertArrayEquals(scan.data(), asFloat.data());
    }

    @Test
    void clampingToASmallerTypeIsReported() throws IOException {
        Path in = write("wide.nii", new float[] {-5, 0, 100.4f, 255, 300, 1000}, 6);
        Path out = dir.resolve("narrow.nii");
        Run r = ClaritasCliTest.run("convert", in.toString(), out.toString(), "--datatype", "uint8");
        assertEquals(0, r.code(), r.err());
        assertEquals("claritas: warning: 3 voxels did not fit uint8 and were clamped to its range (NaN stored as 0)",
                r.err().strip());
        assertArrayEquals(new float[] {0, 0, 100, 255, 255, 255}, Nifti.read(out).data());
    }

    @Test
    void pngShowsTheMiddleOrChosenSliceWindowedToTheValueRange() throws IOException {
        int nx = 5, ny = 4, nz = 3;
        float[] data = new float[nx * ny * nz];
        for (int i = 0; i < data.length; i++) {
            data[i] = 10 + 2 * i; // 10 .. 128 over the volume
        }
        Path in = write("ramp.nii.gz", data, nx, ny, nz);
        for (int k : new int[] {1, 2}) {
            Path png = dir.resolve("slice" + k + ".png");
            Run r = k == 1 ? ClaritasCliTest.run("convert", in.toString(), png.toString())
                    : ClaritasCliTest.run("convert", in.toString(), png.toString(), "--slice", "2");
            assertEquals(0, r.code(), r.err());
            assertEquals("Wrote " + png + " (slice " + k + " of 3, 5x4, grey levels 10 .. 128)", r.out().strip());
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(nx, image.getWidth());
            assertEquals(ny, image.getHeight());
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    float v = data[x + nx * (y + ny * k)];
                    int expected = (int) Math.rint((v - 10) * 255 / 118);
                    // the picture's top row is the volume's highest y
                    assertEquals(expected, image.getRaster().getSample(x, ny - 1 - y, 0), "x " + x + ", y " + y);
                }
            }
        }
    }

    @Test
    void twoDimensionalImageToPng() throws IOException {
        Path in = write("slice.nii", new float[] {0, 1, 2, 3, 4, 5}, 3, 2);
        Path png = dir.resolve("slice.png");
        assertEquals(0, ClaritasCliTest.run("convert", in.toString(), png.toString()).code());
        assertEquals(255, ImageIO.read(png.toFile()).getRaster().getSample(2, 0, 0));
    }

    @Test
    void unsupportedFormatsAndBadSlicesAreOneLineErrors() throws IOException {
        Path in = write("vol.nii", new float[8], 2, 2, 2);
        MetricsCommandTest.assertOneLineError(ClaritasCliTest.run("convert", in.toString(), dir.resolve("x.jpg").toString()),
                "x.jpg", "supported: .nii, .nii.gz, .mha, .mhd, .npy, .cfl, .h5, .png, .tif, .tiff");
        MetricsCommandTest.assertOneLineError(ClaritasCliTest.run("convert", dir.resolve("x.mnc").toString(),
                dir.resolve("x.nii").toString()), "x.mnc", "supported: .nii, .nii.gz");
        MetricsCommandTest.assertOneLineError(ClaritasCliTest.run("convert", in.toString(),
                dir.resolve("x.png").toString(), "--slice", "2"), "--slice 2", "0..1");
        MetricsCommandTest.assertOneLineError(ClaritasCliTest.run("convert", dir.resolve("missing.nii").toString(),
                dir.resolve("x.nii").toString()), "missing.nii");
    }

    @Test
    void convertsADicomSeriesFolderToNifti() throws Exception {
        Path series = Path.of(ConvertCommandTest.class.getResource("/io/series").toURI());
        Path out = dir.resolve("series.nii.gz");
        assertEquals(0, ClaritasCliTest.run("convert", series.toString(), out.toString()).code());
        NiftiImage image = Nifti.read(out);
        assertArrayEquals(new int[] {64, 64, 4}, image.shape());
        assertEquals(3, image.header().affine()[0][2], 1e-6);
        Run info = ClaritasCliTest.run("info", series.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("64 x 64 x 4"), info.out());
    }

    @Test
    void optionsThatDoNotFitTheOutputAreUsageErrors() throws IOException {
        String in = write("vol.nii", new float[8], 2, 2, 2).toString();
        assertEquals(2, ClaritasCliTest.run("convert", in, dir.resolve("x.png").toString(), "--datatype", "int16").code());
        assertEquals(2, ClaritasCliTest.run("convert", in, dir.resolve("x.nii").toString(), "--slice", "0").code());
        Run bad = ClaritasCliTest.run("convert", in, dir.resolve("x.nii").toString(), "--datatype", "short");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("uint8, int8, int16, uint16, int32, uint32, float32, float64"), bad.err());
    }

    private Path write(String name, float[] data, int... shape) throws IOException {
        float[] voxelSize = new float[shape.length];
        java.util.Arrays.fill(voxelSize, 1f);
        Path file = dir.resolve(name);
        Nifti.write(file, new NiftiImage(NiftiHeader.of(shape, voxelSize), data));
        return file;
    }

    @Test
    void fastMriFileConvertsItsReconstructionAndSaysSo() throws IOException {
        Path out = dir.resolve("rss.nii.gz");
        Run r = ClaritasCliTest.run("convert", "src/test/resources/io/h5/multicoil.h5", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Wrote " + out + " (float32, from reconstruction_rss)", r.out().strip());
        NiftiImage image = Nifti.read(out);
        assertArrayEquals(new int[] {4, 4, 2}, image.shape());
        // reconstruction_rss[s, row, col] = (16 s + 4 row + col) / 8, rows stored bottom-up
        float[] v = image.data();
        for (int s = 0; s < 2; s++) {
            for (int row = 0; row < 4; row++) {
                for (int col = 0; col < 4; col++) {
                    assertEquals((16 * s + 4 * row + col) / 8f, v[(s * 4 + 3 - row) * 4 + col]);
                }
            }
        }
    }

    /**
     * A file laid out as fastMRI's test set (under-sampled k-space and its mask, no reconstruction) converts to
     * the RSS of ifft2c of its k-space, the zero-filled image, as fastMRI computes it: make_fastmri.py stores
     * numpy's float64 result beside the file. Float32 FFTs allow a relative error of 1e-5 of the image's maximum.
     */
    @Test
    void kspaceOnlyFastMriFilesConvertToTheRssOfTheirKspace() throws IOException {
        for (String name : new String[] {"kspace_only_multicoil", "kspace_only_singlecoil"}) {
            Path out = dir.resolve(name + ".nii.gz");
            Run r = ClaritasCliTest.run("convert", "src/test/resources/io/h5/" + name + ".h5", out.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("Wrote " + out + " (float32, from RSS of ifft2c(kspace))", r.out().strip());
            NpyArray expected = Npy.read(Path.of("src/test/resources/io/h5/" + name + "_rss.npy"));
            int slices = expected.shape()[0], h = expected.shape()[1], w = expected.shape()[2];
            NiftiImage image = Nifti.read(out);
            assertArrayEquals(new int[] {w, h, slices}, image.shape(), name);
            float max = 0;
            for (float e : expected.data()) {
                max = Math.max(max, e);
            }
            float[] v = image.data();
            for (int s = 0; s < slices; s++) {
                for (int row = 0; row < h; row++) {
                    for (int col = 0; col < w; col++) {
                        // rows are stored bottom-up, so that a picture shows row 0 at the top as fastMRI does
                        assertEquals(expected.data()[(s * h + row) * w + col], v[(s * h + h - 1 - row) * w + col],
                                1e-5f * max, name + " slice " + s + " row " + row + " col " + col);
                    }
                }
            }
        }
    }

    /**
     * Every output format, chosen by the extension, reads back (with the library's readers) as the image that was
     * converted: MetaImage keeps the geometry too, NumPy reverses the axes as NumPy orders them, BART is complex
     * with imaginary parts 0, and .h5 holds fastMRI's {@code reconstruction} dataset.
     */
    @Test
    void everyOutputFormatReadsBackTheSameImage() throws IOException {
        int nx = 4, ny = 3, nz = 2;
        float[] data = new float[nx * ny * nz];
        for (int i = 0; i < data.length; i++) {
            data[i] = 1.5f * i - 7;
        }
        Path in = write("ramp.nii", data, nx, ny, nz);
        for (String name : new String[] {"o.mha", "o.mhd", "o.npy", "o.cfl", "o.h5"}) {
            Path out = dir.resolve(name);
            Run r = ClaritasCliTest.run("convert", in.toString(), out.toString());
            assertEquals(0, r.code(), name + ": " + r.err());
            assertTrue(r.out().startsWith("Wrote "), r.out());
            NiftiImage back = name.endsWith(".h5") ? FastMriVolume.read(out).image() : ImageFormats.read(out);
            float[] values = back.data();
            if (name.endsWith(".cfl")) {
                assertTrue(back.isComplex(), name);
                float[] real = new float[values.length / 2];
                for (int i = 0; i < real.length; i++) {
                    real[i] = values[2 * i];
                    assertEquals(0, values[2 * i + 1], name);
                }
                values = real;
            }
            assertArrayEquals(new int[] {nx, ny, nz}, back.shape(), name);
            assertArrayEquals(data, values, name);
        }
        assertEquals("Wrote " + dir.resolve("o.npy") + " (<f4 [2, 3, 4])",
                ClaritasCliTest.run("convert", in.toString(), dir.resolve("o.npy").toString()).out().strip());
        try (FastMriFile f = FastMriFile.open(dir.resolve("o.h5"))) {
            assertArrayEquals(new int[] {nz, ny, nx}, f.datasets().get("reconstruction"));
        }
    }

    /** A 16-bit picture: --datatype uint16 windows a float image onto 0..65535; a uint16 image keeps its values. */
    @Test
    void sixteenBitPictures() throws IOException {
        Path in = write("f.nii", new float[] {0, 1, 2, 3, 4, 5}, 3, 2);
        Path tif = dir.resolve("f.tif");
        Run r = ClaritasCliTest.run("convert", in.toString(), tif.toString(), "--datatype", "uint16");
        assertEquals(0, r.code(), r.err());
        assertEquals("Wrote " + tif + " (slice 0 of 1, 3x2, 16-bit, grey levels 0 .. 5)", r.out().strip());
        NiftiImage picture = ImageFormats.read(tif);
        assertEquals(NiftiDatatype.UINT16, picture.header().datatype());
        assertArrayEquals(new float[] {0, 13107, 26214, 39321, 52428, 65535}, picture.data());
        Path again = dir.resolve("again.png");
        r = ClaritasCliTest.run("convert", tif.toString(), again.toString(), "--datatype", "uint16");
        assertEquals("Wrote " + again + " (slice 0 of 1, 3x2, 16-bit, values as they are)", r.out().strip());
        assertArrayEquals(picture.data(), ImageFormats.read(again).data());
        assertEquals(2, ClaritasCliTest.run("convert", in.toString(), tif.toString(), "--datatype", "int16").code());
    }

    /** K-space cannot go to HDF5 (jhdf writes no complex data): a one-line error naming the alternatives. */
    @Test
    void complexImagesToHdf5AreAOneLineError() throws IOException {
        MetricsCommandTest.assertOneLineError(ClaritasCliTest.run("convert", "src/test/resources/io/cfl/ph.cfl",
                dir.resolve("k.h5").toString()), "complex", "NIfTI, NumPy or BART");
    }
}
