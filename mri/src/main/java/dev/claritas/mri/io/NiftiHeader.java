package dev.claritas.mri.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The NIfTI-1 header fields that matter for geometry, scaling and provenance, kept so that an image read and
 * written again keeps its place in scanner space. Names follow {@code nifti1.h}.
 *
 * <p>Arrays are copied in and out, so a header cannot be changed once made; like any record holding arrays,
 * {@code equals} compares them by identity. {@code bitpix} is not stored: it follows from the datatype.
 * {@code vox_offset}, {@code scl_slope} and {@code scl_inter} are the values found in the file; the writer
 * chooses its own (see {@link Nifti#write(java.nio.file.Path, NiftiImage, NiftiDatatype)}).
 *
 * @param dim        dim[0] is the number of dimensions (1..7), dim[1..dim[0]] their sizes; later entries are
 *                   kept but unused
 * @param datatype   how voxels were (or are to be) stored in the file
 * @param pixdim     pixdim[1..] are voxel sizes in {@code xyzt_units}; pixdim[0] is qfac, the sign of the third
 *                   qform axis
 * @param voxOffset  where voxel data starts in the file
 * @param sclSlope   scaling slope found in the file; 0 means no scaling
 * @param sclInter   scaling intercept found in the file
 * @param xyztUnits  space and time units code (2 = mm, 8 = s)
 * @param calMin     display range minimum
 * @param calMax     display range maximum
 * @param qformCode  meaning of the quaternion transform; 0 = not set
 * @param sformCode  meaning of the srow affine; 0 = not set
 * @param quaternB   quaternion b
 * @param quaternC   quaternion c
 * @param quaternD   quaternion d
 * @param qoffsetX   qform translation x
 * @param qoffsetY   qform translation y
 * @param qoffsetZ   qform translation z
 * @param srowX      first row of the sform affine (4 values)
 * @param srowY      second row of the sform affine
 * @param srowZ      third row of the sform affine
 * @param descrip    free text, at most 80 Latin-1 characters
 * @param intentCode what the voxel values mean; 0 = nothing special
 * @param intentP1   first intent parameter
 * @param intentP2   second intent parameter
 * @param intentP3   third intent parameter
 * @param intentName name of the intent, at most 16 Latin-1 characters
 * @param version    the header layout the image was read with and is written back in; NIfTI-2's float64
 *                   fields are kept here as float32, which holds every value a NIfTI-1 header can
 */
public record NiftiHeader(
        int[] dim,
        NiftiDatatype datatype,
        float[] pixdim,
        float voxOffset,
        float sclSlope,
        float sclInter,
        int xyztUnits,
        float calMin,
        float calMax,
        int qformCode,
        int sformCode,
        float quaternB,
        float quaternC,
        float quaternD,
        float qoffsetX,
        float qoffsetY,
        float qoffsetZ,
        float[] srowX,
        float[] srowY,
        float[] srowZ,
        String descrip,
        int intentCode,
        float intentP1,
        float intentP2,
        float intentP3,
        String intentName,
        NiftiVersion version) {

    /** {@code xyzt_units} for millimetres and seconds. */
    public static final int UNITS_MM_SEC = 2 | 8;

    /** Validates that every field fits its slot in a header of its version, and takes copies of the arrays. */
    public NiftiHeader {
        Objects.requireNonNull(version, "version");
        dim = checkedCopy(dim, 8, "dim");
        pixdim = checkedCopy(pixdim, 8, "pixdim");
        srowX = checkedCopy(srowX, 4, "srowX");
        srowY = checkedCopy(srowY, 4, "srowY");
        srowZ = checkedCopy(srowZ, 4, "srowZ");
        Objects.requireNonNull(datatype, "datatype");
        if (dim[0] < 1 || dim[0] > 7) {
            throw new IllegalArgumentException("dim[0] must be 1..7, got " + dim[0]);
        }
        for (int i = 1; i < dim.length; i++) {
            boolean used = i <= dim[0];
            if ((used && dim[i] < 1) || dim[i] > version.maxDimension() || dim[i] < -version.maxDimension() - 1) {
                throw new IllegalArgumentException("dim[" + i + "] = " + dim[i] + " does not fit a " + version
                        + " header");
            }
        }
        checkShort(qformCode, "qformCode");
        checkShort(sformCode, "sformCode");
        checkShort(intentCode, "intentCode");
        if (xyztUnits < 0 || xyztUnits > 255) {
            throw new IllegalArgumentException("xyztUnits must fit one byte, got " + xyztUnits);
        }
        checkText(descrip, Nifti1Layout.DESCRIP_LENGTH, "descrip");
        checkText(intentName, Nifti1Layout.INTENT_NAME_LENGTH, "intentName");
    }

    /** A NIfTI-1 header: the constructor without {@code version}, as before NIfTI-2 was supported. */
    public NiftiHeader(int[] dim, NiftiDatatype datatype, float[] pixdim, float voxOffset, float sclSlope,
            float sclInter, int xyztUnits, float calMin, float calMax, int qformCode, int sformCode, float quaternB,
            float quaternC, float quaternD, float qoffsetX, float qoffsetY, float qoffsetZ, float[] srowX,
            float[] srowY, float[] srowZ, String descrip, int intentCode, float intentP1, float intentP2,
            float intentP3, String intentName) {
        this(dim, datatype, pixdim, voxOffset, sclSlope, sclInter, xyztUnits, calMin, calMax, qformCode, sformCode,
                quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ, srowX, srowY, srowZ, descrip, intentCode,
                intentP1, intentP2, intentP3, intentName, NiftiVersion.NIFTI1);
    }

    /** The same header in another layout, e.g. to write a NIfTI-1 image as NIfTI-2. */
    public NiftiHeader withVersion(NiftiVersion newVersion) {
        return new NiftiHeader(dim, datatype, pixdim, voxOffset, sclSlope, sclInter, xyztUnits, calMin, calMax,
                qformCode, sformCode, quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ, srowX, srowY, srowZ,
                descrip, intentCode, intentP1, intentP2, intentP3, intentName, newVersion);
    }

    /** The same header with another voxel datatype, e.g. complex64 for k-space. */
    public NiftiHeader withDatatype(NiftiDatatype newDatatype) {
        return new NiftiHeader(dim, newDatatype, pixdim, voxOffset, sclSlope, sclInter, xyztUnits, calMin, calMax,
                qformCode, sformCode, quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ, srowX, srowY, srowZ,
                descrip, intentCode, intentP1, intentP2, intentP3, intentName, version);
    }

    /**
     * A header for a new float32 volume with the given shape and voxel size, no orientation (qform and sform
     * codes 0, so the affine is just the voxel scaling), units mm and s.
     *
     * @param shape     sizes of the 1..7 dimensions, x fastest
     * @param voxelSize pixdim[1..shape.length]
     */
    public static NiftiHeader of(int[] shape, float[] voxelSize) {
        if (shape.length < 1 || shape.length > 7 || voxelSize.length != shape.length) {
            throw new IllegalArgumentException("need 1..7 dimensions and one voxel size for each, got shape "
                    + Arrays.toString(shape) + " and voxel size " + Arrays.toString(voxelSize));
        }
        int[] dim = new int[8];
        float[] pixdim = new float[8];
        Arrays.fill(dim, 1);
        Arrays.fill(pixdim, 1f);
        dim[0] = shape.length;
        System.arraycopy(shape, 0, dim, 1, shape.length);
        System.arraycopy(voxelSize, 0, pixdim, 1, shape.length);
        float[] zeros = new float[4];
        return new NiftiHeader(dim, NiftiDatatype.FLOAT32, pixdim, Nifti1Layout.SINGLE_FILE_DATA_OFFSET, 1f, 0f,
                UNITS_MM_SEC, 0f, 0f, 0, 0, 0f, 0f, 0f, 0f, 0f, 0f, zeros, zeros, zeros, "", 0, 0f, 0f, 0f, "");
    }

    /**
     * The header of slices {@code [from, from + count)} along the third axis of a 3-D image: the
     * same orientation, with the qform and sform origins moved to the first kept slice, so every
     * kept voxel stays at the same place in the world.
     */
    public NiftiHeader sliceRange(int from, int count) {
        if (rank() != 3 || from < 0 || count < 1 || from + count > dim[3]) {
            throw new IllegalArgumentException("slices [" + from + ", " + (from + count) + ") are not within the third axis of "
                    + Arrays.toString(shape()));
        }
        int[] newDim = dim.clone();
        newDim[3] = count;
        double[][] q = qformAffine();
        float[] sx = srowX.clone(), sy = srowY.clone(), sz = srowZ.clone();
        sx[3] += sx[2] * from;
        sy[3] += sy[2] * from;
        sz[3] += sz[2] * from;
        return new NiftiHeader(newDim, datatype, pixdim, voxOffset, sclSlope, sclInter, xyztUnits, calMin, calMax,
                qformCode, sformCode, quaternB, quaternC, quaternD,
                (float) (qoffsetX + q[0][2] * from), (float) (qoffsetY + q[1][2] * from), (float) (qoffsetZ + q[2][2] * from),
                sx, sy, sz, descrip, intentCode, intentP1, intentP2, intentP3, intentName, version);
    }

    @Override
    public int[] dim() {
        return dim.clone();
    }

    @Override
    public float[] pixdim() {
        return pixdim.clone();
    }

    @Override
    public float[] srowX() {
        return srowX.clone();
    }

    @Override
    public float[] srowY() {
        return srowY.clone();
    }

    @Override
    public float[] srowZ() {
        return srowZ.clone();
    }

    /** Number of dimensions, dim[0]. */
    public int rank() {
        return dim[0];
    }

    /** Sizes of the used dimensions, dim[1..dim[0]], x fastest. */
    public int[] shape() {
        return Arrays.copyOfRange(dim, 1, dim[0] + 1);
    }

    /** Number of voxels: the product of the used dimensions, or Long.MAX_VALUE if it exceeds that. */
    public long voxelCount() {
        long count = 1;
        for (int i = 1; i <= dim[0]; i++) {
            long high = Math.multiplyHigh(count, dim[i]);
            count = high != 0 || count * dim[i] < 0 ? Long.MAX_VALUE : count * dim[i];
        }
        return count;
    }

    /** Floats per voxel in {@link NiftiImage#data()}: 2 for complex data (real, imaginary), else 1. */
    public int valuesPerVoxel() {
        return datatype.isComplex() ? 2 : 1;
    }

    /** {@code bitpix}: bits per voxel of the datatype. */
    public int bitpix() {
        return datatype.bitpix();
    }

    /**
     * The 4×4 voxel-to-world affine, picked as nibabel and the NIfTI standard do: the sform if
     * {@code sform_code > 0}, else the qform if {@code qform_code > 0}, else a plain scaling by pixdim
     * (NIfTI "method 1").
     */
    public double[][] affine() {
        if (sformCode > 0) {
            return sformAffine();
        }
        if (qformCode > 0) {
            return qformAffine();
        }
        return new double[][] {
            {pixdim[1], 0, 0, 0},
            {0, pixdim[2], 0, 0},
            {0, 0, pixdim[3], 0},
            {0, 0, 0, 1}
        };
    }

    /** The affine stored in srow_x/y/z, whatever sform_code says. */
    public double[][] sformAffine() {
        double[][] affine = new double[4][4];
        float[][] rows = {srowX, srowY, srowZ};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                affine[r][c] = rows[r][c];
            }
        }
        affine[3][3] = 1;
        return affine;
    }

    /**
     * The affine given by the quaternion, qoffset and pixdim (NIfTI "method 2"), whatever qform_code says.
     * The quaternion's a is recovered as sqrt(1 - b² - c² - d²), taken as 0 when rounding makes that negative,
     * and the rotation is normalised, as nibabel does.
     */
    public double[][] qformAffine() {
        double b = quaternB;
        double c = quaternC;
        double d = quaternD;
        double a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
        double s = 2 / (a * a + b * b + c * c + d * d);
        double[][] rotation = {
            {1 - s * (c * c + d * d), s * (b * c - a * d), s * (b * d + a * c)},
            {s * (b * c + a * d), 1 - s * (b * b + d * d), s * (c * d - a * b)},
            {s * (b * d - a * c), s * (c * d + a * b), 1 - s * (b * b + c * c)}
        };
        double qfac = pixdim[0] < 0 ? -1 : 1;
        double[] scale = {pixdim[1], pixdim[2], qfac * pixdim[3]};
        double[] offset = {qoffsetX, qoffsetY, qoffsetZ};
        double[][] affine = new double[4][4];
        for (int r = 0; r < 3; r++) {
            for (int col = 0; col < 3; col++) {
                affine[r][col] = rotation[r][col] * scale[col];
            }
            affine[r][3] = offset[r];
        }
        affine[3][3] = 1;
        return affine;
    }

    /**
     * Whether {@code scl_slope}/{@code scl_inter} scale the stored values: by the NIfTI rule, when the slope is
     * neither 0 nor non-finite.
     */
    public boolean hasScaling() {
        return sclSlope != 0 && Float.isFinite(sclSlope);
    }

    private static int[] checkedCopy(int[] values, int length, String name) {
        if (values.length != length) {
            throw new IllegalArgumentException(name + " needs " + length + " values, got " + values.length);
        }
        return values.clone();
    }

    private static float[] checkedCopy(float[] values, int length, String name) {
        if (values.length != length) {
            throw new IllegalArgumentException(name + " needs " + length + " values, got " + values.length);
        }
        return values.clone();
    }

    private static void checkShort(int value, String name) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must fit a 16-bit field, got " + value);
        }
    }

    private static void checkText(String text, int maxLength, String name) {
        Objects.requireNonNull(text, name);
        boolean latin1 = StandardCharsets.ISO_8859_1.newEncoder().canEncode(text);
        if (!latin1 || text.length() > maxLength || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + " must be at most " + maxLength
                    + " Latin-1 characters without NUL, got \"" + text + "\"");
        }
    }
}
