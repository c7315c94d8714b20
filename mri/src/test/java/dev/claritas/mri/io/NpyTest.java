package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads files written by Debian's numpy 1.24 ({@code make_npy.py}), round-trips, and refuses hostile headers. */
class NpyTest {

    private static final Path DIR = Path.of("src/test/resources/io/npy");

    @TempDir
    Path tmp;

    /** Element [i, j, k] = 100 i + 10 j + k, as make_npy.py's grid(). */
    private static float grid(int... ix) {
        float v = 0;
        for (int i : ix) {
            v = 10 * v + i;
        }
        return v;
    }

    @Test
    void readsLittleEndianFloat32InCOrder() throws IOException {
        NpyArray a = Npy.read(DIR.resolve("f4_c.npy"));
        assertArrayEquals(new int[] {2, 3, 4}, a.shape());
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        assertEquals(grid(1, 2, 3), a.data()[1 * 12 + 2 * 4 + 3]);
        assertEquals(grid(0, 1, 0), a.data()[4]);
    }

    @Test
    void readsBigEndianFloat32() throws IOException {
        NpyArray a = Npy.read(DIR.resolve("f4_be.npy"));
        assertEquals(">f4", a.dtype().descr());
        assertArrayEquals(new int[] {3, 5}, a.shape());
        assertEquals(grid(2, 4), a.data()[14]);
    }

    @Test
    void readsFortranOrderIntoCOrder() throws IOException {
        NpyArray f8 = Npy.read(DIR.resolve("f8_fortran.npy"));
        assertEquals(NpyDtype.FLOAT64, f8.dtype());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(grid(i, j, k) + 0.25f, f8.data()[i * 12 + j * 4 + k], "[" + i + "," + j + "," + k + "]");
                }
            }
        }
        NpyArray i4 = Npy.read(DIR.resolve("i4_fortran.npy"));
        assertEquals(NpyDtype.INT32, i4.dtype());
        assertEquals(grid(2, 1) - 50, i4.data()[2 * 4 + 1]);
    }

    @Test
    void readsIntegerTypes() throws IOException {
        NpyArray i2 = Npy.read(DIR.resolve("i2.npy"));
        assertEquals(NpyDtype.INT16, i2.dtype());
        assertEquals(-50f, i2.data()[0]);
        assertEquals(grid(3, 4) - 50, i2.data()[19]);
        NpyArray u1 = Npy.read(DIR.resolve("u1.npy"));
        assertEquals("|u1", u1.dtype().descr());
        assertEquals(123f, u1.data()[23]);
    }

    @Test
    void readsComplex64AsInterleavedPairs() throws IOException {
        NpyArray c = Npy.read(DIR.resolve("c8.npy"));
        assertTrue(c.dtype().isComplex());
        assertEquals(12, c.data().length);
        assertEquals(grid(1, 2), c.data()[2 * 5]);
        assertEquals(-grid(1, 2), c.data()[2 * 5 + 1]);
        assertArrayEquals(new int[] {2, 3, 2}, c.toTensor().shape().toArray());
    }

    @Test
    void readsVersion2AndScalars() throws IOException {
        NpyArray v2 = Npy.read(DIR.resolve("f4_v2.npy"));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6}, v2.data());
        NpyArray scalar = Npy.read(DIR.resolve("scalar.npy"));
        assertEquals(0, scalar.shape().length);
        assertArrayEquals(new float[] {3.5f}, scalar.data());
    }

    @Test
    void roundTripsEveryTypeAndMatchesNumpyBytes() throws IOException {
        for (String name : new String[] {"f4_c", "f4_be", "i2", "u1", "c8", "f4_v2"}) {
            NpyArray a = Npy.read(DIR.resolve(name + ".npy"));
            Path out = tmp.resolve(name + ".npy");
            Npy.write(out, a);
            if (!name.equals("f4_v2")) { // numpy.save would write that one as 1.0
                assertArrayEquals(Files.readAllBytes(DIR.resolve(name + ".npy")), Files.readAllBytes(out), name);
            }
            NpyArray back = Npy.read(out);
            assertArrayEquals(a.shape(), back.shape(), name);
            assertArrayEquals(a.data(), back.data(), name);
        }
    }

    @Test
    void writingIntegersRoundsAndClamps() throws IOException {
        Path out = tmp.resolve("u1.npy");
        Npy.write(out, new NpyArray(new int[] {4}, NpyDtype.UINT8, new float[] {-3, 2.6f, 300, Float.NaN}));
        assertArrayEquals(new float[] {0, 3, 255, 0}, Npy.read(out).data());
    }

    @Test
    void refusesAShapeTheFileCannotHold() throws IOException {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> Npy.read(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", 16)));
        assertEquals("shape", e.field());
        assertTrue(e.getMessage().contains("larger than one Java array"), e.getMessage());
        e = assertThrows(ImageFormatException.class,
                () -> Npy.read(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (5, 5), }", 16)));
        assertTrue(e.getMessage().contains("100 bytes, but the file holds 16"), e.getMessage());
    }

    @Test
    void refusesMalformedHeaders() throws IOException {
        String[][] cases = {
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "shape"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (4), }", "shape"},
            {"{'descr': '<f4', 'fortran_order': False, }", "shape"},
            {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", "header"},
            {"{'descr': '<U8', 'fortran_order': False, 'shape': (1,), }", "descr"},
            {"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", "descr"},
            {"{'descr': '=f4', 'fortran_order': False, 'shape': (1,), }", "descr"},
            {"{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", "fortran_order"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "header"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", "shape"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } __import__('os')", "header"},
        };
        for (String[] c : cases) {
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> Npy.read(withHeader(c[0], 4)), c[0]);
            assertEquals(c[1], e.field(), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void refusesWrongMagicVersionAndLength() throws IOException {
        Path notNpy = tmp.resolve("x.npy");
        Files.writeString(notNpy, "hello world, not numpy");
        assertEquals("magic", assertThrows(ImageFormatException.class, () -> Npy.read(notNpy)).field());
        Path v9 = withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
        byte[] b = Files.readAllBytes(v9);
        b[6] = 9;
        Files.write(v9, b);
        assertEquals("version", assertThrows(ImageFormatException.class, () -> Npy.read(v9)).field());
        b[6] = 2; // version 2.0 reads four length bytes: now a length far beyond the file
        b[10] = 0x7f;
        b[11] = 0x7f;
        Files.write(v9, b);
        assertEquals("header_len", assertThrows(ImageFormatException.class, () -> Npy.read(v9)).field());
        assertEquals("file", assertThrows(ImageFormatException.class, () -> Npy.read(tmp.resolve("missing.npy")))
                .field());
    }

    /** A version 1.0 file with this dictionary and {@code dataBytes} zero bytes of data. */
    private Path withHeader(String dict, int dataBytes) throws IOException {
        int padded = (10 + dict.length() + 1 + 63) / 64 * 64;
        String text = dict + " ".repeat(padded - 10 - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(padded + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        Path p = tmp.resolve("h" + Math.abs(dict.hashCode()) + "_" + dataBytes + ".npy");
        Files.write(p, b.array());
        return p;
    }

    @Test
    void dtypeParsing() {
        assertEquals("<c8", NpyDtype.parse("<c8").orElseThrow().descr());
        assertEquals(">i2", NpyDtype.parse(">i2").orElseThrow().descr());
        assertTrue(NpyDtype.parse("|f4").isEmpty());
        assertTrue(NpyDtype.parse("<f2").isEmpty());
        assertEquals("|u1", NpyDtype.parse("<u1").orElseThrow().descr());
    }
}
