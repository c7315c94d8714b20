package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads ITK's own example MetaImage files (Debian insighttoolkit5-examples) with values numpy + zlib computed, and
 * files made by {@code make_metaimage.py} for every element type; refuses hostile headers.
 */
class MetaImageTest {

    private static final Path DIR = Path.of("src/test/resources/io/metaimage");
    private static final double EPS = 1e-6;

    @TempDir
    Path tmp;

    @Test
    void readsItkCompressedLocalFloat() throws IOException {
        NiftiImage im = MetaImage.read(DIR.resolve("CorpusCallosumMeanShape.mha"));
        assertArrayEquals(new int[] {58, 31}, im.shape());
        assertEquals(2f, im.header().pixdim()[1]);
        double sum = 0;
        for (float v : im.data()) {
            sum += v;
        }
        assertEquals(22673.183736, sum, 1e-3); // numpy: float64 sum of the inflated <f4 data
        assertEquals(3.0008605f, im.data()[10 + 58 * 15]);
        double[][] a = im.header().affine(); // Offset -57.5 -30.5 (LPS) is (57.5, 30.5) in RAS
        assertEquals(57.5, a[0][3], EPS);
        assertEquals(30.5, a[1][3], EPS);
        assertEquals(-2, a[0][0], EPS);
    }

    @Test
    void readsItkSeparateZrawWithRotation() throws IOException {
        NiftiImage im = MetaImage.read(DIR.resolve("BrainProtonDensitySliceBorder20DirectionPlus30.mhd"));
        assertArrayEquals(new int[] {221, 257}, im.shape());
        long sum = 0;
        for (float v : im.data()) {
            sum += (long) v;
        }
        assertEquals(4861905, sum);
        assertEquals(227f, im.data()[100 + 221 * 120]);
        double[][] a = im.header().affine();
        // TransformMatrix rows are axis directions in LPS: axis 0 = (0.866, 0.5), axis 1 = (-0.5, 0.866)
        assertEquals(-0.8660254, a[0][0], EPS);
        assertEquals(-0.5, a[1][0], EPS);
        assertEquals(0.5, a[0][1], EPS);
        assertEquals(-0.8660254, a[1][1], EPS);
    }

    @Test
    void readsBigEndianShortWithGeometry() throws IOException {
        NiftiImage im = MetaImage.read(DIR.resolve("short_msb.mha"));
        assertArrayEquals(new int[] {4, 3, 2}, im.shape());
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(x + 10 * y + 100 * z - 50, im.data()[x + 4 * (y + 3 * z)]);
                }
            }
        }
        double[][] expected = {{0, 1, 0, -10}, {-0.5, 0, 0, -20}, {0, 0, 2, 30}, {0, 0, 0, 1}};
        double[][] a = im.header().affine();
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(expected[r], a[r], EPS, "row " + r);
        }
    }

    @Test
    void readsEveryElementType() throws IOException {
        String[] signed = {"char.mha", "int.mha", "float_pair.mhd"};
        for (String name : signed) {
            float[] d = MetaImage.read(DIR.resolve(name)).data();
            assertArrayEquals(new float[] {-50, -49, -48, -40, -39, -38}, d, name);
        }
        for (String name : new String[] {"uchar.mha", "ushort.mha"}) {
            assertArrayEquals(new float[] {0, 1, 2, 10, 11, 12}, MetaImage.read(DIR.resolve(name)).data(), name);
        }
        NiftiImage d = MetaImage.read(DIR.resolve("double_zlib.mha"));
        assertArrayEquals(new int[] {5, 4, 3}, d.shape());
        assertEquals(4 + 30 + 200 - 50, d.data()[4 + 5 * (3 + 4 * 2)]);
        assertEquals(1.5f, d.header().pixdim()[3]);
    }

    @Test
    void refusesHostileHeaders() throws IOException {
        String base = "ObjectType = Image\nNDims = 2\nElementType = MET_FLOAT\n";
        String[][] cases = {
            {"DimSize = 100000 100000\nElementDataFile = LOCAL\n", "DimSize"},
            {"DimSize = 4 -4\nElementDataFile = LOCAL\n", "DimSize"},
            {"DimSize = 4\nElementDataFile = LOCAL\n", "DimSize"},
            {"DimSize = 40 40\nElementDataFile = LOCAL\n", "data"},
            {"DimSize = 2 2\nElementSpacing = 1 0\nElementDataFile = LOCAL\n", "ElementSpacing"},
            {"DimSize = 2 2\nElementNumberOfChannels = 3\nElementDataFile = LOCAL\n", "ElementNumberOfChannels"},
            {"DimSize = 2 2\nElementDataFile = missing.raw\n", "ElementDataFile"},
            {"DimSize = 2 2\nElementDataFile = slice%03d.raw 1 4 1\n", "ElementDataFile"},
            {"DimSize = 2000 2000\nCompressedData = True\nElementDataFile = LOCAL\n", "DimSize"},
            {"DimSize = 4 4\nCompressedData = True\nElementDataFile = LOCAL\n", "data"},
            {"DimSize = 2 2\nElementType = MET_LONG_ARRAY\nElementDataFile = LOCAL\n", "ElementType"},
            {"DimSize = 2 2\n", "ElementDataFile"},
        };
        for (String[] c : cases) {
            Path p = tmp.resolve("h.mha");
            Files.write(p, (base + c[0] + "0123456789abcdef").getBytes(StandardCharsets.ISO_8859_1));
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> MetaImage.read(p), c[0]);
            assertEquals(c[1], e.field(), c[0] + " -> " + e.getMessage());
        }
        Files.writeString(tmp.resolve("n.mha"), "ObjectType = Image\nDimSize = 2 2\nElementType = MET_FLOAT\n"
                + "ElementDataFile = LOCAL\n");
        assertEquals("NDims", assertThrows(ImageFormatException.class,
                () -> MetaImage.read(tmp.resolve("n.mha"))).field());
    }
}
