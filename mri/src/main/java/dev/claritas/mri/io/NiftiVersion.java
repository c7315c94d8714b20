package dev.claritas.mri.io;

/**
 * The two NIfTI header layouts: NIfTI-1 ({@code nifti1.h}, 348 bytes, 16-bit dimensions, float32 fields) and
 * NIfTI-2 ({@code nifti2.h}, 540 bytes, 64-bit dimensions, float64 fields). An image keeps the version it was
 * read with, so writing it back gives the same kind of file.
 */
public enum NiftiVersion {
    NIFTI1(348, 352, "n+1"),
    NIFTI2(540, 544, "n+2");

    private final int headerSize;
    private final int dataOffset;
    private final String magic;

    NiftiVersion(int headerSize, int dataOffset, String magic) {
        this.headerSize = headerSize;
        this.dataOffset = dataOffset;
        this.magic = magic;
    }

    /** {@code sizeof_hdr}. */
    public int headerSize() {
        return headerSize;
    }

    /** The header plus the four-byte extension flag: where voxel data starts in a .nii file we write. */
    public int dataOffset() {
        return dataOffset;
    }

    /** The single-file magic without its terminator: {@code n+1} or {@code n+2}. */
    public String magic() {
        return magic;
    }

    /** Largest size of one dimension the header can hold; NIfTI-2's int64 is bounded here by Java arrays. */
    public int maxDimension() {
        return this == NIFTI1 ? Short.MAX_VALUE : Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return this == NIFTI1 ? "NIfTI-1" : "NIfTI-2";
    }
}
