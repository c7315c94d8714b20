package dev.claritas.mri.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The NIfTI-1 voxel datatypes this library reads and writes, with their header codes. */
public enum NiftiDatatype {
    UINT8(2, 1, 0, 255),
    INT8(256, 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(4, 2, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16(512, 2, 0, 65_535),
    INT32(8, 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32(768, 4, 0, 4_294_967_295L),
    FLOAT32(16, 4, 0, 0),
    FLOAT64(64, 8, 0, 0),
    /** Two float32 per voxel, real then imaginary (nifti1.h NIFTI_TYPE_COMPLEX64). */
    COMPLEX64(32, 8, 0, 0);

    private final int code;
    private final int bytesPerVoxel;
    private final long minValue;
    private final long maxValue;

    NiftiDatatype(int code, int bytesPerVoxel, long minValue, long maxValue) {
        this.code = code;
        this.bytesPerVoxel = bytesPerVoxel;
        this.minValue = minValue;
        this.maxValue = maxValue;
    }

    /** The value of the header's {@code datatype} field. */
    public int code() {
        return code;
    }

    /** The value of the header's {@code bitpix} field. */
    public int bitpix() {
        return 8 * bytesPerVoxel;
    }

    /** Bytes one voxel takes in the file. */
    public int bytesPerVoxel() {
        return bytesPerVoxel;
    }

    /** Whether voxels are stored as integers, which then need rounding and clamping on write. */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64 && this != COMPLEX64;
    }

    /** Whether a voxel is a complex number, held as two floats (real, imaginary) in the image data. */
    public boolean isComplex() {
        return this == COMPLEX64;
    }

    /** Smallest storable value of an integer type; unused for float types. */
    public long minValue() {
        return minValue;
    }

    /** Largest storable value of an integer type; unused for float types. */
    public long maxValue() {
        return maxValue;
    }

    /** The datatype with this header code, if it is one this library supports. */
    public static Optional<NiftiDatatype> fromCode(int code) {
        return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
    }

    /** The supported type names in lower case, for error messages. */
    static String supportedNames() {
        return Arrays.stream(values()).map(NiftiDatatype::toString).collect(Collectors.joining(", "));
    }

    /** The lower-case name used by NIfTI tools and numpy, e.g. {@code int16}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
