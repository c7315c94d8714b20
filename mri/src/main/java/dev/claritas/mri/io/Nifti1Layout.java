package dev.claritas.mri.io;

/**
 * Byte offsets of the NIfTI-1 header fields the reader and writer use, from the {@code nifti1.h} layout.
 * Fields not listed here (the ANALYZE leftovers, slice timing, aux_file) are read as nothing and written as zero.
 */
final class Nifti1Layout {

    /** sizeof_hdr of a NIfTI-1 header. */
    static final int HEADER_SIZE = 348;
    /** sizeof_hdr of a NIfTI-2 header (see {@link Nifti2Layout}). */
    static final int NIFTI2_HEADER_SIZE = 540;
    /** The header plus the four-byte extension flag: where voxel data starts in a .nii file we write. */
    static final int SINGLE_FILE_DATA_OFFSET = 352;

    static final int SIZEOF_HDR = 0;
    static final int REGULAR = 38;
    static final int DIM = 40;
    static final int INTENT_P1 = 56;
    static final int INTENT_P2 = 60;
    static final int INTENT_P3 = 64;
    static final int INTENT_CODE = 68;
    static final int DATATYPE = 70;
    static final int BITPIX = 72;
    static final int PIXDIM = 76;
    static final int VOX_OFFSET = 108;
    static final int SCL_SLOPE = 112;
    static final int SCL_INTER = 116;
    static final int XYZT_UNITS = 123;
    static final int CAL_MAX = 124;
    static final int CAL_MIN = 128;
    static final int DESCRIP = 148;
    static final int DESCRIP_LENGTH = 80;
    static final int QFORM_CODE = 252;
    static final int SFORM_CODE = 254;
    static final int QUATERN_B = 256;
    static final int QUATERN_C = 260;
    static final int QUATERN_D = 264;
    static final int QOFFSET_X = 268;
    static final int QOFFSET_Y = 272;
    static final int QOFFSET_Z = 276;
    static final int SROW_X = 280;
    static final int SROW_Y = 296;
    static final int SROW_Z = 312;
    static final int INTENT_NAME = 328;
    static final int INTENT_NAME_LENGTH = 16;
    static final int MAGIC = 344;

    /** Magic of a single-file NIfTI-1 image. */
    static final String MAGIC_SINGLE_FILE = "n+1";
    /** Magic of the header half of a .hdr/.img pair. */
    static final String MAGIC_PAIR = "ni1";

    private Nifti1Layout() {}
}
