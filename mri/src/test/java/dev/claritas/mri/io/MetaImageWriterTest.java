package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MetaImage written and read back: voxels, element types and the world placement survive. */
class MetaImageWriterTest {

    private static final Path DIR = Path.of("src/test/resources/io/metaimage");

    @TempDir
    Path tmp;

    /** An oblique 3-D image (rotated 30° about z, anisotropic voxels, an offset) through .mha and .mhd. */
    @Test
    void obliqueVolumeRoundTripsThroughMhaAndMhd() throws IOException {
        int[] shape = {4, 3, 2};
        float[] data = new float[24];
        for (int i = 0; i < data.length; i++) {
            data[i] = 0.25f * i - 2;
        }
        double c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
        float[][] rows = {{(float) (0.9 * c), (float) (-1.1 * s), 0, -10.5f},
            {(float) (0.9 * s), (float) (1.1 * c), 0, 20.25f}, {0, 0, 2.5f, 3}};
        NiftiImage image = new NiftiImage(withSform(NiftiHeader.of(shape, new float[] {0.9f, 1.1f, 2.5f}), rows), data);
        for (String name : new String[] {"v.mha", "v.mhd"}) {
            Path file = tmp.resolve(name);
            MetaImage.write(file, image, NiftiDatatype.FLOAT32);
            NiftiImage back = MetaImage.read(file);
            assertArrayEquals(shape, back.shape(), name);
            assertArrayEquals(data, back.data(), name);
            double[][] expected = image.header().affine(), actual = back.header().affine();
            for (int r = 0; r < 3; r++) {
                for (int col = 0; col < 4; col++) {
                    assertEquals(expected[r][col], actual[r][col], 1e-6, name + " affine[" + r + "][" + col + "]");
                }
            }
        }
        assertTrue(Files.exists(tmp.resolve("v.raw")), ".mhd keeps its voxels in v.raw");
        String header = Files.readString(tmp.resolve("v.mhd"), StandardCharsets.ISO_8859_1);
        assertTrue(header.endsWith("ElementDataFile = v.raw\n"), header);
        assertEquals(24 * 4, Files.size(tmp.resolve("v.raw")));
    }

    /** Integer element types store the rounded values, clamped to the type: what MetaIO would read back. */
    @Test
    void integerTypesRoundAndClamp() throws IOException {
        float[] data = {-3.4f, 0.6f, 200.5f, 300, Float.NaN, 70000};
        NiftiImage image = new NiftiImage(NiftiHeader.of(new int[] {6}, new float[] {1}), data);
        Path file = tmp.resolve("i.mha");
        MetaImage.write(file, image, NiftiDatatype.UINT8);
        assertArrayEquals(new float[] {0, 1, 201, 255, 0, 255}, MetaImage.read(file).data());
        MetaImage.write(file, image, NiftiDatatype.INT16);
        assertArrayEquals(new float[] {-3, 1, 201, 300, 0, 32767}, MetaImage.read(file).data());
        String header = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("ElementType = MET_SHORT\n"), header);
    }

    /** ITK's own rotated example file, written again, reads back the same. */
    @Test
    void itkExampleRoundTrips() throws IOException {
        NiftiImage itk = MetaImage.read(DIR.resolve("BrainProtonDensitySliceBorder20DirectionPlus30.mhd"));
        Path file = tmp.resolve("brain.mha");
        assertEquals(NiftiDatatype.UINT8, itk.header().datatype()); // MET_UCHAR
        MetaImage.write(file, itk, itk.header().datatype());
        NiftiImage back = MetaImage.read(file);
        assertEquals(NiftiDatatype.UINT8, back.header().datatype());
        assertArrayEquals(itk.data(), back.data());
        double[][] a = itk.header().affine(), b = back.header().affine();
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(a[r], b[r], 1e-6);
        }
    }

    @Test
    void refusesComplexAndOtherExtensions() {
        NiftiImage complex = new NiftiImage(NiftiHeader.of(new int[] {2}, new float[] {1})
                .withDatatype(NiftiDatatype.COMPLEX64), new float[4]);
        var e = assertThrows(IllegalArgumentException.class,
                () -> MetaImage.write(tmp.resolve("c.mha"), complex, NiftiDatatype.COMPLEX64));
        assertTrue(e.getMessage().contains("complex64"), e.getMessage());
        NiftiImage real = new NiftiImage(NiftiHeader.of(new int[] {2}, new float[] {1}), new float[2]);
        assertThrows(IllegalArgumentException.class,
                () -> MetaImage.write(tmp.resolve("x.raw"), real, NiftiDatatype.FLOAT32));
    }

    private static NiftiHeader withSform(NiftiHeader h, float[][] rows) {
        return new NiftiHeader(h.dim(), h.datatype(), h.pixdim(), h.voxOffset(), h.sclSlope(), h.sclInter(),
                h.xyztUnits(), 0f, 0f, 0, 1, 0f, 0f, 0f, 0f, 0f, 0f, rows[0], rows[1], rows[2], "", 0, 0f, 0f, 0f, "");
    }
}
