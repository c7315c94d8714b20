package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DICOM reader against pydicom 2.3's test files and ones made from them by {@code resources/io/make_dicom.py};
 * expected values are that script's output of {@code pixel_array * RescaleSlope + RescaleIntercept}.
 */
class DicomTest {

    @TempDir
    Path dir;

    @Test
    void readsMrSmallInAllThreeUncompressedSyntaxes() throws Exception {
        for (String name : new String[] {"MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm"}) {
            NiftiImage image = Dicom.read(NiftiNibabelTest.resource(name));
            assertArrayEquals(new int[] {64, 64, 1}, image.shape(), name);
            float[] data = image.data();
            assertEquals(2125338, sum(data), 0, name);
            assertEquals(127, min(data), name);
            assertEquals(2145, max(data), name);
            assertArrayEquals(new float[] {905, 1019, 1227}, Arrays.copyOf(data, 3), name);
            assertEquals(316, data[20 + 64 * 10], name); // pixel_array[10, 20]: row 10, column 20
            assertMatrix(new double[][] {
                {-0.3125, 0, 0, 83.9063}, {0, -0.3125, 0, 91.2}, {0, 0, 0.8, 6.6406}, {0, 0, 0, 1}
            }, image.header().affine());
            assertEquals(1, image.header().sformCode());
        }
    }

    @Test
    void readsMultiFrameWithRescale() throws Exception {
        NiftiImage image = Dicom.read(NiftiNibabelTest.resource("MR_small_multiframe.dcm"));
        assertArrayEquals(new int[] {64, 64, 3}, image.shape());
        float[] data = image.data();
        assertEquals(1185549, sum(data), 0);
        assertEquals(-1062.5, min(data));
        assertEquals(1082.5, max(data));
        assertArrayEquals(new float[] {462.5f, 519.5f, 623.5f}, Arrays.copyOf(data, 3));
        assertEquals(168, data[20 + 64 * 10]);
        // frame 1 is frame 0 transposed; frame 2 its negative, rescaled: -(v - 10) + 10
        assertEquals(data[10 + 64 * 20], data[4096 + 20 + 64 * 10]);
        assertEquals(20 - data[20 + 64 * 10], data[2 * 4096 + 20 + 64 * 10]);
        assertEquals(2.5, image.header().affine()[2][2], 1e-6); // SpacingBetweenSlices along the normal
    }

    @Test
    void assemblesASeriesFolderByPositionAlongTheNormal() throws Exception {
        NiftiImage image = Dicom.read(NiftiNibabelTest.resource("series"));
        assertArrayEquals(new int[] {64, 64, 4}, image.shape());
        float[] data = image.data();
        assertEquals(9137032, sum(data), 0);
        double[] expectedMeans = {257.68017578125, 457.68017578125, 657.68017578125, 857.68017578125};
        for (int k = 0; k < 4; k++) {
            double s = 0;
            for (int i = 0; i < 4096; i++) {
                s += data[k * 4096 + i];
            }
            assertEquals(expectedMeans[k], s / 4096, 1e-9, "slice " + k);
        }
        // IOP rows along +y (LPS), columns along -z, normal -x; 3 mm steps; LPS -> RAS flips x and y
        assertMatrix(new double[][] {
            {0, 0, 3, 20}, {-0.3125, 0, 0, 100}, {0, -0.3125, 0, 50}, {0, 0, 0, 1}
        }, image.header().affine());
        assertEquals(3f, image.header().pixdim()[3], 1e-6);
    }

    @Test
    void compressedTransferSyntaxIsNamed() throws Exception {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> Dicom.read(NiftiNibabelTest.resource("MR_small_jpeg_ls_lossless.dcm")));
        assertEquals("(0002,0010) TransferSyntaxUID", e.field());
        assertEquals("unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless)", e.problem());
    }

    @Test
    void hostileFilesNameTheTag() throws Exception {
        byte[] good = Files.readAllBytes(NiftiNibabelTest.resource("MR_small.dcm"));

        assertFormatError(write("cut.dcm", Arrays.copyOf(good, 5000)), "(7FE0,0010) PixelData", "beyond the end");

        byte[] huge = good.clone();
        int rows = indexOf(good, new byte[] {0x28, 0, 0x10, 0, 'U', 'S', 2, 0}) + 8;
        huge[rows] = huge[rows + 1] = (byte) 0xFF;
        int columns = indexOf(good, new byte[] {0x28, 0, 0x11, 0, 'U', 'S', 2, 0}) + 8;
        huge[columns] = huge[columns + 1] = (byte) 0xFF;
        assertFormatError(write("huge.dcm", huge), "(7FE0,0010) PixelData", "65535 Rows × 65535 Columns");

        byte[] frames = Files.readAllBytes(NiftiNibabelTest.resource("MR_small_multiframe.dcm"));
        int count = indexOf(frames, new byte[] {0x28, 0, 0x08, 0, 'I', 'S', 2, 0}) + 8;
        frames[count] = '9';
        frames[count + 1] = '9';
        assertFormatError(write("frames.dcm", frames), "(7FE0,0010) PixelData", "99 frames");

        byte[] implicit = Files.readAllBytes(NiftiNibabelTest.resource("MR_small_implicit.dcm"));
        int length = indexOf(implicit, new byte[] {0x28, 0, 0x10, 0, 2, 0, 0, 0}) + 4;
        Arrays.fill(implicit, length, length + 4, (byte) 0xFF);
        assertFormatError(write("undefined.dcm", implicit), "(0028,0010) Rows", "where an item should be");

        assertFormatError(write("text.dcm", "hello, not DICOM at all".getBytes(StandardCharsets.US_ASCII)),
                "preamble", "not a DICOM file");
    }

    @Test
    void folderWithoutDicomFilesIsRefused() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "nothing here");
        assertFormatError(dir, "folder", "holds no DICOM files");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertFormatError(Path file, String field, String problemPart) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> Dicom.read(file));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not in the fixture");
    }

    private static double sum(float[] data) {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return s;
    }

    private static float min(float[] data) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static float max(float[] data) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static void assertMatrix(double[][] expected, double[][] actual) {
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(expected[r], actual[r], 1e-4, "row " + r + ": " + Arrays.toString(actual[r]));
        }
    }
}
