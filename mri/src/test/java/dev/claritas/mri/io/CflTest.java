package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads pairs written by BART v0.8.00 ({@code bart phantom -x 8 -k}, {@code bart ones}, and a grid made with
 * {@code bart index/scale/repmat/saxpy}: element (x, y) = (x + 10 y)(1 - i), dims 3 2), with the values numpy
 * read from the same .cfl files; round-trips; refuses damaged pairs.
 */
class CflTest {

    private static final Path DIR = Path.of("src/test/resources/io/cfl");

    @TempDir
    Path tmp;

    @Test
    void readsBartGridFirstDimensionFastest() throws IOException {
        CflArray a = Cfl.read(DIR.resolve("grid"));
        assertEquals(16, a.dims().length);
        assertArrayEquals(new int[] {3, 2}, a.usedDims());
        assertArrayEquals(new int[] {2, 3}, a.rowMajorShape());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                int i = x + 3 * y;
                assertEquals(x + 10 * y, a.data()[2 * i]);
                assertEquals(-(x + 10 * y), a.data()[2 * i + 1]);
            }
        }
        // row-major tensor [y, x, 2]: element [1, 2] is x = 2, y = 1
        float[] t = a.toTensor().toFloatArray();
        assertArrayEquals(new int[] {2, 3, 2}, a.toTensor().shape().toArray());
        assertEquals(12f, t[2 * (1 * 3 + 2)]);
    }

    @Test
    void readsBartPhantomKspaceValues() throws IOException {
        CflArray ph = Cfl.read(DIR.resolve("ph.cfl"));
        assertArrayEquals(new int[] {8, 8}, ph.usedDims());
        // numpy.fromfile('ph.cfl', '<c8'): items 0, 35 (x 3, y 4) and 63
        assertEquals(0.0092640165f, ph.data()[0]);
        assertEquals(-0.0017935885f, ph.data()[1]);
        assertEquals(0.0064967135f, ph.data()[70]);
        assertEquals(-0.00989782f, ph.data()[71]);
        assertEquals(-0.011061558f, ph.data()[126]);
        assertEquals(0.0029357271f, ph.data()[127]);
    }

    @Test
    void readsShortHeadersByEitherFileName() throws IOException {
        CflArray ones = Cfl.read(DIR.resolve("ones.hdr"));
        assertArrayEquals(new int[] {2, 3, 4}, ones.dims());
        assertArrayEquals(new int[] {4, 3, 2}, ones.rowMajorShape());
        for (int i = 0; i < ones.data().length; i++) {
            assertEquals(i % 2 == 0 ? 1f : 0f, ones.data()[i]);
        }
    }

    @Test
    void roundTrips() throws IOException {
        CflArray ph = Cfl.read(DIR.resolve("ph"));
        Cfl.write(tmp.resolve("out.cfl"), ph);
        assertArrayEquals(Files.readAllBytes(DIR.resolve("ph.cfl")), Files.readAllBytes(tmp.resolve("out.cfl")));
        assertTrue(Files.readString(tmp.resolve("out.hdr")).startsWith("# Dimensions\n8 8 1 1"));
        CflArray back = Cfl.read(tmp.resolve("out"));
        assertArrayEquals(ph.dims(), back.dims());
        assertArrayEquals(ph.data(), back.data());
    }

    @Test
    void refusesDamagedPairs() throws IOException {
        Files.copy(DIR.resolve("ph.cfl"), tmp.resolve("a.cfl"));
        Files.writeString(tmp.resolve("a.hdr"), "# Dimensions\n8 9 1\n");
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> Cfl.read(tmp.resolve("a.cfl")));
        assertEquals("data", e.field());
        assertTrue(e.getMessage().contains("need 576 bytes but the file has 512"), e.getMessage());

        String[] bad = {"# Dimensions\n100000 100000 1000\n", "# Dimensions\n8 -8\n", "# Dimensions\n8 x\n",
            "# Dims\n8 8\n", "# Dimensions\n"};
        for (String header : bad) {
            Files.writeString(tmp.resolve("a.hdr"), header);
            e = assertThrows(ImageFormatException.class, () -> Cfl.read(tmp.resolve("a")), header);
            assertEquals("# Dimensions", e.field(), header);
        }
        Files.delete(tmp.resolve("a.cfl"));
        Files.writeString(tmp.resolve("a.hdr"), "# Dimensions\n8 8\n");
        e = assertThrows(ImageFormatException.class, () -> Cfl.read(tmp.resolve("a")));
        assertEquals("file", e.field());
        assertTrue(e.file().toString().endsWith("a.cfl"));
    }
}
