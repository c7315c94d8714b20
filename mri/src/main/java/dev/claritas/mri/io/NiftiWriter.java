package dev.claritas.mri.io;

import static dev.claritas.mri.io.Nifti1Layout.*;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one single-file NIfTI image, little-endian, gzip-compressed when the name ends in .gz, in the header's
 * version: NIfTI-1 ({@code nifti1.h}) or NIfTI-2 ({@code nifti2.h}).
 */
final class NiftiWriter {

    /** Voxels encoded per write, so that a large volume is never copied whole into a byte array. */
    private static final int CHUNK_VOXELS = 1 << 14;
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    private NiftiWriter() {}

    static void write(Path file, NiftiImage image, NiftiDatatype datatype) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".nii.gz");
        if (!gzip && !name.endsWith(".nii")) {
            throw new IllegalArgumentException(file + ": a NIfTI file name must end in .nii or .nii.gz");
        }
        if (datatype.isComplex() != image.isComplex()) {
            throw new IllegalArgumentException(file + ": cannot store " + (image.isComplex() ? "complex" : "real")
                    + " data as " + datatype);
        }
        Scaling scaling = Scaling.forWriting(image.header(), datatype);
        OutputStream plain = new BufferedOutputStream(Files.newOutputStream(file), STREAM_BUFFER_BYTES);
        try (OutputStream out = gzip ? new GZIPOutputStream(plain, STREAM_BUFFER_BYTES) : plain) {
            out.write(image.header().version() == NiftiVersion.NIFTI1
                    ? headerBytes(image.header(), datatype, scaling)
                    : header2Bytes(image.header(), datatype, scaling));
            writeVoxels(out, image.data(), datatype, scaling);
        }
    }

    /**
     * How float values become stored values: {@code stored = (value - inter) / slope}. Floats are stored as they
     * are. Integer types reuse the slope and intercept the image was read with, if it had any, so that an image
     * written back in its own datatype keeps its precision; otherwise values are just rounded.
     */
    private record Scaling(float slope, float inter) {
        static Scaling forWriting(NiftiHeader header, NiftiDatatype datatype) {
            if (datatype.isInteger() && header.hasScaling() && Float.isFinite(header.sclInter())) {
                return new Scaling(header.sclSlope(), header.sclInter());
            }
            return new Scaling(1f, 0f);
        }
    }

    private static byte[] headerBytes(NiftiHeader header, NiftiDatatype datatype, Scaling scaling) {
        ByteBuffer h = ByteBuffer.allocate(SINGLE_FILE_DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(SIZEOF_HDR, HEADER_SIZE);
        h.put(REGULAR, (byte) 'r'); // ANALYZE leftover that some old readers still check
        int[] dim = header.dim();
        for (int i = 0; i < dim.length; i++) {
            h.putShort(DIM + 2 * i, (short) dim[i]);
        }
        h.putFloat(INTENT_P1, header.intentP1());
        h.putFloat(INTENT_P2, header.intentP2());
        h.putFloat(INTENT_P3, header.intentP3());
        h.putShort(INTENT_CODE, (short) header.intentCode());
        h.putShort(DATATYPE, (short) datatype.code());
        h.putShort(BITPIX, (short) datatype.bitpix());
        putFloats(h, PIXDIM, header.pixdim());
        h.putFloat(VOX_OFFSET, SINGLE_FILE_DATA_OFFSET);
        h.putFloat(SCL_SLOPE, scaling.slope());
        h.putFloat(SCL_INTER, scaling.inter());
        h.put(XYZT_UNITS, (byte) header.xyztUnits());
        h.putFloat(CAL_MAX, header.calMax());
        h.putFloat(CAL_MIN, header.calMin());
        putText(h, DESCRIP, header.descrip());
        h.putShort(QFORM_CODE, (short) header.qformCode());
        h.putShort(SFORM_CODE, (short) header.sformCode());
        h.putFloat(QUATERN_B, header.quaternB());
        h.putFloat(QUATERN_C, header.quaternC());
        h.putFloat(QUATERN_D, header.quaternD());
        h.putFloat(QOFFSET_X, header.qoffsetX());
        h.putFloat(QOFFSET_Y, header.qoffsetY());
        h.putFloat(QOFFSET_Z, header.qoffsetZ());
        putFloats(h, SROW_X, header.srowX());
        putFloats(h, SROW_Y, header.srowY());
        putFloats(h, SROW_Z, header.srowZ());
        putText(h, INTENT_NAME, header.intentName());
        putText(h, MAGIC, MAGIC_SINGLE_FILE);
        // Bytes 348..351 stay zero: the extension flag saying no extensions follow.
        return h.array();
    }

    private static byte[] header2Bytes(NiftiHeader header, NiftiDatatype datatype, Scaling scaling) {
        NiftiVersion v = NiftiVersion.NIFTI2;
        ByteBuffer h = ByteBuffer.allocate(v.dataOffset()).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(SIZEOF_HDR, v.headerSize());
        h.put(Nifti2Layout.MAGIC, Nifti2Layout.MAGIC_BYTES);
        h.putShort(Nifti2Layout.DATATYPE, (short) datatype.code());
        h.putShort(Nifti2Layout.BITPIX, (short) datatype.bitpix());
        int[] dim = header.dim();
        for (int i = 0; i < dim.length; i++) {
            h.putLong(Nifti2Layout.DIM + 8 * i, dim[i]);
        }
        h.putDouble(Nifti2Layout.INTENT_P1, header.intentP1());
        h.putDouble(Nifti2Layout.INTENT_P2, header.intentP2());
        h.putDouble(Nifti2Layout.INTENT_P3, header.intentP3());
        putDoubles(h, Nifti2Layout.PIXDIM, header.pixdim());
        h.putLong(Nifti2Layout.VOX_OFFSET, v.dataOffset());
        h.putDouble(Nifti2Layout.SCL_SLOPE, scaling.slope());
        h.putDouble(Nifti2Layout.SCL_INTER, scaling.inter());
        h.putDouble(Nifti2Layout.CAL_MAX, header.calMax());
        h.putDouble(Nifti2Layout.CAL_MIN, header.calMin());
        putText(h, Nifti2Layout.DESCRIP, header.descrip());
        h.putInt(Nifti2Layout.QFORM_CODE, header.qformCode());
        h.putInt(Nifti2Layout.SFORM_CODE, header.sformCode());
        h.putDouble(Nifti2Layout.QUATERN_B, header.quaternB());
        h.putDouble(Nifti2Layout.QUATERN_C, header.quaternC());
        h.putDouble(Nifti2Layout.QUATERN_D, header.quaternD());
        h.putDouble(Nifti2Layout.QOFFSET_X, header.qoffsetX());
        h.putDouble(Nifti2Layout.QOFFSET_Y, header.qoffsetY());
        h.putDouble(Nifti2Layout.QOFFSET_Z, header.qoffsetZ());
        putDoubles(h, Nifti2Layout.SROW_X, header.srowX());
        putDoubles(h, Nifti2Layout.SROW_Y, header.srowY());
        putDoubles(h, Nifti2Layout.SROW_Z, header.srowZ());
        h.putInt(Nifti2Layout.XYZT_UNITS, header.xyztUnits());
        h.putInt(Nifti2Layout.INTENT_CODE, header.intentCode());
        putText(h, Nifti2Layout.INTENT_NAME, header.intentName());
        // Bytes 540..543 stay zero: the extension flag saying no extensions follow.
        return h.array();
    }

    private static void writeVoxels(OutputStream out, float[] data, NiftiDatatype datatype, Scaling scaling)
            throws IOException {
        // complex voxels are two float32 values each, so the chunk holds CHUNK_VOXELS floats of either kind
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_VOXELS * datatype.bytesPerVoxel())
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += CHUNK_VOXELS) {
            chunk.clear();
            int end = Math.min(data.length, start + CHUNK_VOXELS);
            for (int i = start; i < end; i++) {
                putVoxel(chunk, data[i], datatype, scaling);
            }
            out.write(chunk.array(), 0, chunk.position());
        }
    }

    private static void putVoxel(ByteBuffer chunk, float value, NiftiDatatype datatype, Scaling scaling) {
        switch (datatype) {
            case FLOAT32, COMPLEX64 -> chunk.putFloat(value);
            case FLOAT64 -> chunk.putDouble(value);
            case UINT8, INT8 -> chunk.put((byte) storedInteger(value, datatype, scaling));
            case INT16, UINT16 -> chunk.putShort((short) storedInteger(value, datatype, scaling));
            case INT32, UINT32 -> chunk.putInt((int) storedInteger(value, datatype, scaling));
        }
    }

    /**
     * The stored integer for a real value: unscaled, rounded half to even (as numpy does), clamped to the type's
     * range; NaN is stored as 0. The caller keeps the low bytes, which is the unsigned value for unsigned types.
     */
    private static long storedInteger(float value, NiftiDatatype datatype, Scaling scaling) {
        double stored = Math.rint((value - (double) scaling.inter()) / scaling.slope());
        if (Double.isNaN(stored)) {
            return 0;
        }
        return (long) Math.clamp(stored, (double) datatype.minValue(), (double) datatype.maxValue());
    }

    private static void putDoubles(ByteBuffer h, int offset, float[] values) {
        for (int i = 0; i < values.length; i++) {
            h.putDouble(offset + 8 * i, values[i]);
        }
    }

    private static void putFloats(ByteBuffer h, int offset, float[] values) {
        for (int i = 0; i < values.length; i++) {
            h.putFloat(offset + 4 * i, values[i]);
        }
    }

    /** A Latin-1 text field; the header's zero bytes after it are its NUL terminator. */
    private static void putText(ByteBuffer h, int offset, String text) {
        h.put(offset, text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
