package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NiftiTest {

    @TempDir
    Path dir;

    // ---- the real volume in examples/data ----

    /**
     * Expected values come from nibabel 5.0.0: {@code nib.load(...)}, {@code np.asanyarray(img.dataobj)},
     * {@code header.get_qform()}, {@code header.get_sform()}.
     */
    @Test
    void readsTheExampleT1Volume() throws IOException {
        NiftiImage image = Nifti.read(exampleT1());
        NiftiHeader h = image.header();
        assertArrayEquals(new int[] {128, 128, 62}, image.shape());
        assertEquals(NiftiDatatype.INT16, h.datatype());
        assertEquals(16, h.bitpix());
        assertArrayEquals(new float[] {2, 2, 3}, Arrays.copyOfRange(h.pixdim(), 1, 4));
        assertEquals(2, h.qformCode());
        assertEquals(1, h.sformCode());

        float[] data = image.data();
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0, min);
        assertEquals(255, max);
        assertEquals(19533798, sum);
        assertEquals(19.229813114289314, sum / data.length, 1e-12);
        assertEquals(97, voxel(image, 64, 64, 31));
        assertEquals(110, voxel(image, 50, 70, 20));
        assertEquals(75, voxel(image, 40, 80, 30));
        assertEquals(107, voxel(image, 80, 50, 25));
        assertEquals(0, voxel(image, 127, 127, 61));

        assertAffineEquals(new double[][] {
            {-2, 0, 0, 0},
            {0, 0, 3, -254},
            {0, 2, 0, 0},
            {0, 0, 0, 1}
        }, h.affine(), 0);
        assertAffineEquals(new double[][] {
            {-1.9999998630858329e+00, -5.2328608318669752e-04, 7.8492912478004640e-04, 0},
            {5.2328608318669752e-04, 6.8457083557404985e-08, 2.9999998973143747e+00, -254},
            {-5.2328608318669752e-04, 1.9999999315429164e+00, 1.0268562533610748e-07, 0},
            {0, 0, 0, 1}
        }, h.qformAffine(), 1e-9);
    }

    @Test
    void exampleVolumeSurvivesWritingInItsOwnDatatypeAndAsFloat() throws IOException {
        NiftiImage original = Nifti.read(exampleT1());

        Path asInt16 = dir.resolve("t1.nii");
        Nifti.write(asInt16, original, original.header().datatype());
        NiftiImage int16 = Nifti.read(asInt16);
        assertEquals(NiftiDatatype.INT16, int16.header().datatype());
        assertEquals(352 + 128 * 128 * 62 * 2, Files.size(asInt16));
        assertArrayEquals(original.data(), int16.data());

        Path asFloat = dir.resolve("t1-float.nii.gz");
        Nifti.write(asFloat, original);
        NiftiImage float32 = Nifti.read(asFloat);
        assertEquals(NiftiDatatype.FLOAT32, float32.header().datatype());
        assertArrayEquals(original.data(), float32.data());
        assertAffineEquals(original.header().affine(), float32.header().affine(), 0);
        assertAffineEquals(original.header().qformAffine(), float32.header().qformAffine(), 0);
    }

    // ---- round trips ----

    @Test
    void roundTripKeepsEveryHeaderFieldAndTheData() throws IOException {
        NiftiImage image = new NiftiImage(orientedHeader(), randomData(5 * 4 * 3, 1));
        for (String name : new String[] {"image.nii", "image.nii.gz"}) {
            Path file = dir.resolve(name);
            Nifti.write(file, image);
            NiftiImage back = Nifti.read(file);
            assertHeaderGeometryEquals(image.header(), back.header());
            assertEquals(NiftiDatatype.FLOAT32, back.header().datatype());
            assertEquals(1f, back.header().sclSlope());
            assertEquals(0f, back.header().sclInter());
            assertEquals(352f, back.header().voxOffset());
            assertArrayEquals(image.data(), back.data());
        }
        assertEquals(352 + 60 * 4, Files.size(dir.resolve("image.nii")));
        byte[] start = Files.readAllBytes(dir.resolve("image.nii.gz"));
        assertEquals(0x1f, start[0] & 0xff, "a .nii.gz name gets gzip");
        assertEquals(0x8b, start[1] & 0xff);
    }

    @Test
    void withDataKeepsGeometryAndIsWrittenAsUnscaledFloat() throws IOException {
        NiftiImage scaledInt16 = new NiftiImage(withScaling(orientedHeader(), NiftiDatatype.INT16, 0.5f, 10f),
                randomData(60, 2));
        float[] denoised = randomData(60, 3);
        Path file = dir.resolve("denoised.nii.gz");
        Nifti.write(file, scaledInt16.withData(denoised));
        NiftiImage back = Nifti.read(file);
        assertHeaderGeometryEquals(scaledInt16.header(), back.header());
        assertEquals(NiftiDatatype.FLOAT32, back.header().datatype());
        assertEquals(1f, back.header().sclSlope());
        assertEquals(0f, back.header().sclInter());
        assertArrayEquals(denoised, back.data());
    }

    @Test
    void integerDatatypeReusesTheImagesScaling() throws IOException {
        float[] values = {10f, 10.5f, 11f, 60f, -5.25f};
        NiftiHeader header = withScaling(NiftiHeader.of(new int[] {5}, new float[] {1}), NiftiDatatype.INT16, 0.5f,
                10f);
        Path file = dir.resolve("scaled.nii");
        Nifti.write(file, new NiftiImage(header, values), NiftiDatatype.INT16);
        NiftiImage back = Nifti.read(file);
        assertEquals(0.5f, back.header().sclSlope());
        assertEquals(10f, back.header().sclInter());
        // -5.25 is stored -30.5, halfway, which rounds to the even -30, i.e. -5.
        assertArrayEquals(new float[] {10f, 10.5f, 11f, 60f, -5f}, back.data());
    }

    @Test
    void integerDatatypeRoundsHalfToEvenAndClamps() throws IOException {
        float[] values = {-1.4f, 2.5f, 3.5f, 254.6f, 300f, Float.NaN};
        Path file = dir.resolve("bytes.nii");
        Nifti.write(file, new NiftiImage(NiftiHeader.of(new int[] {6}, new float[] {1}), values),
                NiftiDatatype.UINT8);
        assertArrayEquals(new float[] {0, 2, 4, 255, 255, 0}, Nifti.read(file).data());
    }

    @Test
    void writerRefusesOtherExtensions() {
        NiftiImage image = new NiftiImage(NiftiHeader.of(new int[] {2}, new float[] {1}), new float[2]);
        assertThrows(IllegalArgumentException.class, () -> Nifti.write(dir.resolve("image.img"), image));
    }

    // ---- crafted files: datatypes, byte orders, scaling ----

    static Stream<Arguments> datatypes() {
        double[] uint8 = {0, 7, 255};
        double[] int8 = {-128, -1, 127};
        double[] int16 = {-32768, -2, 300, 32767};
        double[] uint16 = {0, 1, 65535};
        double[] int32 = {-2147483648.0, -7, 16777216};
        double[] uint32 = {0, 3, 4294967295.0};
        double[] float32 = {-1.5, 0.25, 3.4e38};
        double[] float64 = {-1.5, 1e-3, 1e300};
        Stream.Builder<Arguments> cases = Stream.builder();
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            cases.add(Arguments.of(NiftiDatatype.UINT8, order, uint8));
            cases.add(Arguments.of(NiftiDatatype.INT8, order, int8));
            cases.add(Arguments.of(NiftiDatatype.INT16, order, int16));
            cases.add(Arguments.of(NiftiDatatype.UINT16, order, uint16));
            cases.add(Arguments.of(NiftiDatatype.INT32, order, int32));
            cases.add(Arguments.of(NiftiDatatype.UINT32, order, uint32));
            cases.add(Arguments.of(NiftiDatatype.FLOAT32, order, float32));
            cases.add(Arguments.of(NiftiDatatype.FLOAT64, order, float64));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datatypes")
    void readsEveryDatatypeInEitherByteOrder(NiftiDatatype datatype, ByteOrder order, double[] values)
            throws IOException {
        Crafted crafted = new Crafted(order, datatype, values.length);
        crafted.pixdim(1.5f, 2.5f, 4f);
        Path file = crafted.withValues(values).write(dir.resolve("crafted.nii"));
        NiftiImage image = Nifti.read(file);
        assertEquals(datatype, image.header().datatype());
        assertArrayEquals(new int[] {values.length, 1, 1}, image.shape());
        assertArrayEquals(new float[] {1.5f, 2.5f, 4f}, Arrays.copyOfRange(image.header().pixdim(), 1, 4));
        float[] expected = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = (float) values[i];
        }
        assertArrayEquals(expected, image.data());
    }

    @Test
    void appliesSlopeAndInterceptOnlyWhenSlopeIsUsable() throws IOException {
        double[] stored = {-3, 0, 5};
        Crafted crafted = new Crafted(ByteOrder.BIG_ENDIAN, NiftiDatatype.INT16, 3).withValues(stored);
        assertArrayEquals(new float[] {-7, -1, 9}, readScaled(crafted, 2f, -1f));
        assertArrayEquals(new float[] {-3, 0, 5}, readScaled(crafted, 0f, 100f), "slope 0 means unscaled");
        assertArrayEquals(new float[] {-3, 0, 5}, readScaled(crafted, Float.NaN, 0f), "NaN slope means unscaled");
    }

    @Test
    void skipsHeaderExtensionsUpToVoxOffset() throws IOException {
        Crafted crafted = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8, 3).withValues(1, 2, 3);
        crafted.voxOffset(400);
        assertArrayEquals(new float[] {1, 2, 3}, Nifti.read(crafted.write(dir.resolve("ext.nii"))).data());
    }

    @Test
    void compressionIsToldByContentNotName() throws IOException {
        Crafted crafted = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8, 2).withValues(4, 5);
        Path misnamed = dir.resolve("really-compressed.nii");
        Files.write(misnamed, gzip(crafted.bytes()));
        assertArrayEquals(new float[] {4, 5}, Nifti.read(misnamed).data());
    }

    // ---- robustness: every bad file is an ImageFormatException naming file and field ----

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.nii.gz");
        assertFormatError(file, "file", "not found");
        assertFormatError(dir, "file", "is a directory");
    }

    @Test
    void fileThatIsNotNifti() throws IOException {
        Path text = dir.resolve("notes.nii");
        Files.writeString(text, "This is plain text and certainly not an image header. ".repeat(10));
        assertFormatError(text, "sizeof_hdr", "not a NIfTI file");

        Path tiny = dir.resolve("tiny.nii");
        Files.writeString(tiny, "hi");
        assertFormatError(tiny, "header", "truncated");

        Crafted wrongMagic = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8, 1).withValues(1);
        wrongMagic.magic("abc");
        assertFormatError(wrongMagic.write(dir.resolve("magic.nii")), "magic", "not a NIfTI-1 file");

        Crafted pair = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8, 1).withValues(1);
        pair.magic("ni1");
        assertFormatError(pair.write(dir.resolve("pair.nii")), "magic", ".hdr/.img pair");
    }

    @Test
    void emptyNifti2HeaderIsRefusedByField() throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] header = new byte[600];
            ByteBuffer.wrap(header).order(order).putInt(0, 540);
            System.arraycopy("n+2\0".getBytes(StandardCharsets.ISO_8859_1), 0, header, 4, 4);
            Path file = Files.write(dir.resolve("v2.nii"), header);
            assertFormatError(file, "dim[0]", "0 dimensions; NIfTI-2 allows 1 to 7");
        }
    }

    @Test
    void truncatedFiles() throws IOException {
        byte[] full = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.INT16, 1000).withValues(new double[1000])
                .bytes();
        Path halfHeader = Files.write(dir.resolve("half-header.nii"), Arrays.copyOf(full, 200));
        assertFormatError(halfHeader, "header", "truncated");

        Path halfData = Files.write(dir.resolve("half-data.nii"), Arrays.copyOf(full, 352 + 1000));
        assertFormatError(halfData, "data", "truncated");

        // A complete gzip stream whose content stops early...
        Path shortContent = Files.write(dir.resolve("short-content.nii.gz"), gzip(Arrays.copyOf(full, 352 + 1000)));
        assertFormatError(shortContent, "data", "truncated");

        // ...and a gzip stream cut off in the middle.
        byte[] noisy = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.FLOAT32, 4000)
                .withValues(new Random(5).doubles(4000).toArray()).bytes();
        byte[] compressed = gzip(noisy);
        Path cut = Files.write(dir.resolve("cut.nii.gz"), Arrays.copyOf(compressed, compressed.length / 2));
        assertFormatError(cut, "data", "truncated");
        Path cutInHeader = Files.write(dir.resolve("cut-header.nii.gz"), Arrays.copyOf(compressed, 40));
        assertFormatError(cutInHeader, "header", "truncated");
    }

    @Test
    void implausibleDimensions() throws IOException {
        assertFormatError(withDims(dir.resolve("rank0.nii"), 0, 4, 4, 4), "dim[0]", "1 to 7");
        assertFormatError(withDims(dir.resolve("rank8.nii"), 8, 4, 4, 4), "dim[0]", "1 to 7");
        assertFormatError(withDims(dir.resolve("negative.nii"), 3, 4, -5, 4), "dim[2]", "at least 1 voxel");
        assertFormatError(withDims(dir.resolve("zero.nii"), 3, 4, 4, 0), "dim[3]", "at least 1 voxel");
    }

    @Test
    void dimensionsPromisingMoreThanTheFileHoldsAllocateNothing() throws IOException {
        // 1000×1000×1000 int16 would be 2 GB; the file holds a few bytes of it.
        Crafted huge = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.INT16, 4).withValues(1, 2, 3, 4);
        huge.dims(3, 1000, 1000, 1000);
        assertFormatError(huge.write(dir.resolve("huge.nii")), "data", "truncated");
        Path hugeGz = Files.write(dir.resolve("huge.nii.gz"), gzip(huge.bytes()));
        assertFormatError(hugeGz, "data", "truncated");

        // Beyond what one Java array can hold at all.
        Crafted enormous = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.FLOAT64, 1).withValues(0);
        enormous.dims(4, 32767, 32767, 32767, 32767);
        assertFormatError(enormous.write(dir.resolve("enormous.nii")), "dim", "bytes this reader supports");
    }

    @Test
    void unsupportedOrInconsistentFields() throws IOException {
        Crafted complex = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.FLOAT32, 2).withValues(1, 2);
        complex.datatypeCode(1792); // complex128
        assertFormatError(complex.write(dir.resolve("complex.nii")), "datatype", "code 1792 is not supported");

        Crafted zeroOffset = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8, 1).withValues(1);
        zeroOffset.voxOffset(0);
        assertFormatError(zeroOffset.write(dir.resolve("offset.nii")), "vox_offset", "from 352 on");

        Crafted badInter = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8, 1).withValues(1);
        badInter.scaling(2f, Float.POSITIVE_INFINITY);
        assertFormatError(badInter.write(dir.resolve("inter.nii")), "scl_inter", "not finite");

        Path corrupt = dir.resolve("corrupt.nii.gz");
        byte[] compressed = gzip(new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8, 1).withValues(1).bytes());
        for (int i = 12; i < compressed.length - 8; i++) {
            compressed[i] = (byte) 0xff;
        }
        Files.write(corrupt, compressed);
        assertFormatError(corrupt, "gzip", "corrupt");
    }

    // ---- helpers ----

    /** A minimal single-file NIfTI-1 built byte by byte, independent of the writer under test. */
    private static final class Crafted {
        private final ByteBuffer header = ByteBuffer.allocate(352);
        private final NiftiDatatype datatype;
        private final ByteOrder order;
        private byte[] data = new byte[0];
        private int voxOffset;

        Crafted(ByteOrder order, NiftiDatatype datatype, int length) {
            this.order = order;
            this.datatype = datatype;
            header.order(order);
            header.putInt(0, 348);
            dims(3, length, 1, 1);
            datatypeCode(datatype.code());
            header.putShort(72, (short) datatype.bitpix());
            pixdim(1, 1, 1);
            voxOffset(352);
            scaling(1, 0);
            magic("n+1");
        }

        void dims(int... dim) {
            for (int i = 0; i < 8; i++) {
                header.putShort(40 + 2 * i, (short) (i < dim.length ? dim[i] : 1));
            }
        }

        void datatypeCode(int code) {
            header.putShort(70, (short) code);
        }

        void pixdim(float... sizes) {
            header.putFloat(76, 1);
            for (int i = 0; i < sizes.length; i++) {
                header.putFloat(80 + 4 * i, sizes[i]);
            }
        }

        void voxOffset(int offset) {
            voxOffset = offset;
            header.putFloat(108, offset);
        }

        void scaling(float slope, float inter) {
            header.putFloat(112, slope);
            header.putFloat(116, inter);
        }

        void magic(String magic) {
            header.put(344, (magic + "\0").getBytes(StandardCharsets.ISO_8859_1));
        }

        Crafted withValues(double... values) {
            ByteBuffer buffer = ByteBuffer.allocate(values.length * datatype.bytesPerVoxel()).order(order);
            for (double v : values) {
                switch (datatype) {
                    case UINT8, INT8 -> buffer.put((byte) (long) v);
                    case INT16, UINT16 -> buffer.putShort((short) (long) v);
                    case INT32, UINT32 -> buffer.putInt((int) (long) v);
                    case FLOAT32 -> buffer.putFloat((float) v);
                    case FLOAT64 -> buffer.putDouble(v);
                }
            }
            data = buffer.array();
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header.array(), 0, 352);
            out.write(new byte[Math.max(0, voxOffset - 352)], 0, Math.max(0, voxOffset - 352));
            out.write(data, 0, data.length);
            return out.toByteArray();
        }

        Path write(Path file) throws IOException {
            return Files.write(file, bytes());
        }
    }

    private float[] readScaled(Crafted crafted, float slope, float inter) throws IOException {
        crafted.scaling(slope, inter);
        return Nifti.read(crafted.write(dir.resolve("scaled.nii"))).data();
    }

    private static Path withDims(Path file, int... dim) throws IOException {
        Crafted crafted = new Crafted(ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8, 64).withValues(new double[64]);
        crafted.dims(dim);
        return crafted.write(file);
    }

    private static void assertFormatError(Path file, String field, String problemPart) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> Nifti.read(file));
        assertEquals(file, e.file());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": " + field + ": "), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line for a CLI");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** A 5×4×3 header with every kept field set to something recognisable, rotated qform and sform. */
    private static NiftiHeader orientedHeader() {
        return new NiftiHeader(
                new int[] {3, 5, 4, 3, 1, 1, 1, 1},
                NiftiDatatype.FLOAT32,
                new float[] {-1, 0.9f, 1.1f, 2.5f, 1, 1, 1, 1},
                352,
                1,
                0,
                NiftiHeader.UNITS_MM_SEC,
                -3,
                250,
                1,
                4,
                0.1f,
                -0.2f,
                0.3f,
                -90.5f,
                120.25f,
                -70f,
                new float[] {-0.9f, 0.01f, 0.02f, 90.5f},
                new float[] {0.03f, 1.1f, -0.04f, -126f},
                new float[] {0.05f, 0.06f, 2.5f, -72f},
                "Claritas round-trip test",
                2,
                0.5f,
                1.5f,
                2.5f,
                "estimate");
    }

    private static NiftiHeader withScaling(NiftiHeader h, NiftiDatatype datatype, float slope, float inter) {
        return new NiftiHeader(h.dim(), datatype, h.pixdim(), h.voxOffset(), slope, inter, h.xyztUnits(),
                h.calMin(), h.calMax(), h.qformCode(), h.sformCode(), h.quaternB(), h.quaternC(), h.quaternD(),
                h.qoffsetX(), h.qoffsetY(), h.qoffsetZ(), h.srowX(), h.srowY(), h.srowZ(), h.descrip(),
                h.intentCode(), h.intentP1(), h.intentP2(), h.intentP3(), h.intentName());
    }

    private static void assertHeaderGeometryEquals(NiftiHeader expected, NiftiHeader actual) {
        assertArrayEquals(expected.dim(), actual.dim());
        assertArrayEquals(expected.pixdim(), actual.pixdim());
        assertEquals(expected.xyztUnits(), actual.xyztUnits());
        assertEquals(expected.calMin(), actual.calMin());
        assertEquals(expected.calMax(), actual.calMax());
        assertEquals(expected.qformCode(), actual.qformCode());
        assertEquals(expected.sformCode(), actual.sformCode());
        assertEquals(expected.quaternB(), actual.quaternB());
        assertEquals(expected.quaternC(), actual.quaternC());
        assertEquals(expected.quaternD(), actual.quaternD());
        assertEquals(expected.qoffsetX(), actual.qoffsetX());
        assertEquals(expected.qoffsetY(), actual.qoffsetY());
        assertEquals(expected.qoffsetZ(), actual.qoffsetZ());
        assertArrayEquals(expected.srowX(), actual.srowX());
        assertArrayEquals(expected.srowY(), actual.srowY());
        assertArrayEquals(expected.srowZ(), actual.srowZ());
        assertEquals(expected.descrip(), actual.descrip());
        assertEquals(expected.intentCode(), actual.intentCode());
        assertEquals(expected.intentP1(), actual.intentP1());
        assertEquals(expected.intentP2(), actual.intentP2());
        assertEquals(expected.intentP3(), actual.intentP3());
        assertEquals(expected.intentName(), actual.intentName());
        assertAffineEquals(expected.affine(), actual.affine(), 0);
        assertAffineEquals(expected.qformAffine(), actual.qformAffine(), 0);
    }

    private static void assertAffineEquals(double[][] expected, double[][] actual, double tolerance) {
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(expected[r], actual[r], tolerance, "affine row " + r);
        }
    }

    private static float[] randomData(int n, long seed) {
        Random random = new Random(seed);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) (random.nextGaussian() * 100);
        }
        return data;
    }

    private static float voxel(NiftiImage image, int x, int y, int z) {
        int[] shape = image.shape();
        return image.data()[x + shape[0] * (y + shape[1] * z)];
    }

    /** examples/data/t1-brain.nii.gz from the module directory (Maven) or the repository root. */
    static Path exampleT1() {
        for (String candidate : new String[] {"../examples/data/t1-brain.nii.gz", "examples/data/t1-brain.nii.gz"}) {
            Path path = Path.of(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new IllegalStateException(
                "examples/data/t1-brain.nii.gz not found from " + Path.of("").toAbsolutePath());
    }
}
