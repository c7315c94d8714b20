package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NIfTI-2 and complex64, checked against files written by nibabel 5.0.0 ({@code resources/io/make_nifti.py});
 * the expected numbers are what that script prints from {@code nib.load}.
 */
class NiftiNibabelTest {

    @TempDir
    Path dir;

    private static final double[][] AFFINE = {
        {-0.9, 0.1, 0.0, 90.5}, {0.05, 1.1, -0.2, -120.25}, {0.0, 0.15, 2.5, -60.0}, {0, 0, 0, 1}
    };
    /** nibabel's {@code get_qform()} of the NIfTI-2 files: the sform's nearest rotation with its zooms. */
    private static final double[][] QFORM = {
        {-0.8990078418063666, 0.08082664036004449, -0.009975194202200806, 90.5},
        {0.06536833028317403, 1.1053080906200994, -0.26867712553693135, -120.25},
        {0.0034469938567825145, 0.11941975974627507, 2.493534258379828, -60.0},
        {0, 0, 0, 1}
    };

    @Test
    void readsNibabelNifti2Float32() throws Exception {
        NiftiImage image = Nifti.read(resource("nifti2_float32.nii"));
        NiftiHeader h = image.header();
        assertEquals(NiftiVersion.NIFTI2, h.version());
        assertEquals(NiftiDatatype.FLOAT32, h.datatype());
        assertArrayEquals(new int[] {5, 4, 3}, image.shape());
        assertEquals(1, h.qformCode());
        assertEquals(2, h.sformCode());
        assertEquals("claritas nifti2 fixture", h.descrip());
        assertMatrix(AFFINE, h.affine(), 1e-6);
        // NiftiHeader keeps the quaternion as float32, and recovering a = sqrt(1 - b² - c² - d²) near 1 from
        // float32 loses digits: the rotation is nibabel's NIfTI-1 one, 2e-4 off its float64 NIfTI-2 one
        assertMatrix(QFORM, h.qformAffine(), 3e-4);
        assertEquals(-12.8904346, sum(image.data()), 1e-5);
        assertEquals(-0.8019314408302307, image.data()[0], 0);
        assertEquals(0.6419163942337036, image.data()[59], 0);
        assertEquals(-0.4880058169364929, image.data()[1 + 5 * (2 + 4 * 1)], 0);
    }

    @Test
    void readsNibabelNifti2BigEndianScaledGzip() throws Exception {
        NiftiImage image = Nifti.read(resource("nifti2_int16_be.nii.gz"));
        NiftiHeader h = image.header();
        assertEquals(NiftiVersion.NIFTI2, h.version());
        assertEquals(NiftiDatatype.INT16, h.datatype());
        assertEquals(0.5f, h.sclSlope());
        assertEquals(-3f, h.sclInter());
        assertArrayEquals(new int[] {4, 3, 2}, image.shape());
        assertEquals(294, sum(image.data()), 0);
        assertEquals(-28, image.data()[0]);
        assertEquals(52.5, image.data()[23]);
        assertEquals(10.5, image.data()[1 + 4 * (2 + 3 * 1)]);
        assertMatrix(AFFINE, h.affine(), 1e-6);
    }

    @Test
    void readsNibabelComplex64AsInterleavedPairs() throws Exception {
        NiftiImage image = Nifti.read(resource("nifti1_complex64.nii"));
        assertTrue(image.isComplex());
        assertEquals(NiftiVersion.NIFTI1, image.header().version());
        assertArrayEquals(new int[] {4, 3, 2}, image.shape());
        float[] data = image.data();
        assertEquals(48, data.length);
        double re = 0, im = 0;
        for (int i = 0; i < data.length; i += 2) {
            re += data[i];
            im += data[i + 1];
        }
        assertEquals(-3.31788148, re, 1e-5);
        assertEquals(-6.74895492, im, 1e-5);
        assertEquals(0.8449927568435669, data[0], 0);
        assertEquals(-1.2720781564712524, data[1], 0);
        assertEquals(-1.0548406839370728, data[46], 0);
        assertEquals(-1.576089859008789, data[47], 0);
    }

    @Test
    void nifti2RoundTripKeepsVersionGeometryAndValues() throws Exception {
        for (String name : new String[] {"nifti2_float32.nii", "nifti2_int16_be.nii.gz", "nifti1_complex64.nii"}) {
            NiftiImage original = Nifti.read(resource(name));
            Path copy = dir.resolve("copy-" + name);
            Nifti.write(copy, original, original.header().datatype());
            NiftiImage back = Nifti.read(copy);
            NiftiHeader a = original.header(), b = back.header();
            assertEquals(a.version(), b.version(), name);
            assertEquals(a.datatype(), b.datatype(), name);
            assertArrayEquals(original.data(), back.data(), name);
            assertArrayEquals(a.dim(), b.dim(), name);
            assertArrayEquals(a.pixdim(), b.pixdim(), name);
            assertEquals(a.qformCode(), b.qformCode(), name);
            assertEquals(a.sformCode(), b.sformCode(), name);
            assertMatrix(a.sformAffine(), b.sformAffine(), 0);
            assertMatrix(a.qformAffine(), b.qformAffine(), 0);
            assertEquals(a.descrip(), b.descrip());
        }
    }

    @Test
    void nifti1ImageCanBeWrittenAsNifti2() throws IOException {
        NiftiImage small = new NiftiImage(NiftiHeader.of(new int[] {3, 2}, new float[] {1, 2}), new float[] {1, 2, 3, 4, 5, 6});
        Path file = dir.resolve("v2.nii");
        Nifti.write(file, new NiftiImage(small.header().withVersion(NiftiVersion.NIFTI2), small.data()));
        assertEquals(544 + 6 * 4, Files.size(file));
        NiftiImage back = Nifti.read(file);
        assertEquals(NiftiVersion.NIFTI2, back.header().version());
        assertArrayEquals(small.data(), back.data());
    }

    @Test
    void complexAndRealDataAreNotMixedUp() {
        NiftiHeader complex = NiftiHeader.of(new int[] {2}, new float[] {1}).withDatatype(NiftiDatatype.COMPLEX64);
        assertThrows(IllegalArgumentException.class, () -> new NiftiImage(complex, new float[2]));
        NiftiImage image = new NiftiImage(complex, new float[] {1, 2, 3, 4});
        assertThrows(IllegalArgumentException.class,
                () -> Nifti.write(dir.resolve("c.nii"), image, NiftiDatatype.FLOAT32));
        NiftiImage real = new NiftiImage(NiftiHeader.of(new int[] {2}, new float[] {1}), new float[2]);
        assertThrows(IllegalArgumentException.class,
                () -> Nifti.write(dir.resolve("r.nii"), real, NiftiDatatype.COMPLEX64));
        assertFalse(real.isComplex());
    }

    @Test
    void hostileNifti2HeadersAreRefusedByField() throws Exception {
        byte[] good = Files.readAllBytes(resource("nifti2_float32.nii"));

        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(16 + 8, 1L << 40);
        assertFormatError(write("huge.nii", huge), "dim[1]", "exceeds");

        byte[] terabytes = good.clone();
        ByteBuffer.wrap(terabytes).order(ByteOrder.LITTLE_ENDIAN).putLong(16 + 8, Integer.MAX_VALUE)
                .putLong(16 + 16, Integer.MAX_VALUE);
        assertFormatError(write("tb.nii", terabytes), "dim", "bytes this reader supports");

        byte[] negative = good.clone();
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(16 + 24, -3);
        assertFormatError(write("neg.nii", negative), "dim[3]", "size -3");

        byte[] offset = good.clone();
        ByteBuffer.wrap(offset).order(ByteOrder.LITTLE_ENDIAN).putLong(168, -1);
        assertFormatError(write("offset.nii", offset), "vox_offset", "-1");

        byte[] cut = java.util.Arrays.copyOf(good, 500);
        assertFormatError(write("cut.nii", cut), "header", "NIfTI-2 header needs 540");

        byte[] shortData = java.util.Arrays.copyOf(good, good.length - 4);
        assertFormatError(write("short.nii", shortData), "data", "truncated");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertFormatError(Path file, String field, String problemPart) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> Nifti.read(file));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(NiftiNibabelTest.class.getResource("/io/" + name).toURI());
    }

    private static double sum(float[] data) {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return s;
    }

    private static void assertMatrix(double[][] expected, double[][] actual, double tolerance) {
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(expected[r], actual[r], tolerance, "row " + r);
        }
    }
}
