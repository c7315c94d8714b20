package dev.claritas.mri.io;

/**
 * Byte offsets of the NIfTI-2 header fields the reader and writer use, from the {@code nifti2.h} layout: the
 * NIfTI-1 fields reordered, with int64 dimensions and offset and float64 values. Slice timing, aux_file and
 * dim_info are read as nothing and written as zero, as for NIfTI-1.
 */
final class Nifti2Layout {

    static final int MAGIC = 4;
    /** The full eight-byte magic; readers, like nibabel, check only its first four bytes. */
    static final byte[] MAGIC_BYTES = {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'};
    static final int DATATYPE = 12;
    static final int BITPIX = 14;
    static final int DIM = 16;
    static final int INTENT_P1 = 80;
    static final int INTENT_P2 = 88;
    static final int INTENT_P3 = 96;
    static final int PIXDIM = 104;
    static final int VOX_OFFSET = 168;
    static final int SCL_SLOPE = 176;
    static final int SCL_INTER = 184;
    static final int CAL_MAX = 192;
    static final int CAL_MIN = 200;
    static final int DESCRIP = 240;
    static final int QFORM_CODE = 344;
    static final int SFORM_CODE = 348;
    static final int QUATERN_B = 352;
    static final int QUATERN_C = 360;
    static final int QUATERN_D = 368;
    static final int QOFFSET_X = 376;
    static final int QOFFSET_Y = 384;
    static final int QOFFSET_Z = 392;
    static final int SROW_X = 400;
    static final int SROW_Y = 432;
    static final int SROW_Z = 464;
    static final int XYZT_UNITS = 500;
    static final int INTENT_CODE = 504;
    static final int INTENT_NAME = 508;

    private Nifti2Layout() {}
}
