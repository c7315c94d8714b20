package dev.claritas.mri.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Picks the reader for a scan: by extension for NIfTI ({@code .nii}, {@code .nii.gz}), NumPy ({@code .npy}), BART
 * ({@code .cfl}, or a {@code .hdr} starting with {@code # Dimensions}) and MetaImage ({@code .mha}, {@code .mhd}),
 * and for DICOM by a {@code .dcm} extension, the "DICM" magic (DICOM files often have no extension) or a folder
 * (one series), and greyscale PNG and TIFF pictures ({@code .png}, {@code .tif}, {@code .tiff}; 8- or 16-bit,
 * {@link RasterImages}). Keeps the command-line tools free of format logic. Arrays without geometry (NumPy, BART) are mapped
 * to images as {@link ArrayImages} describes.
 */
public final class ImageFormats {

    /** The inputs {@link #read(Path)} takes, for error messages. */
    public static final String SUPPORTED_INPUTS = ".nii, .nii.gz, .dcm (or a DICOM file without extension, or a "
            + "folder with one DICOM series), .npy, .cfl/.hdr (BART), .mha, .mhd, .png, .tif/.tiff (greyscale)";

    /** The formats that can be read. */
    public enum Format { NIFTI, DICOM, NPY, BART, METAIMAGE, PICTURE }

    private ImageFormats() {}

    /**
     * The format of a file or folder, or null if it is none that can be read. A missing file with a known
     * extension has that format, so that reading it reports "not found".
     */
    public static Format of(Path path) throws IOException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".nii") || name.endsWith(".nii.gz")) {
            return Format.NIFTI;
        }
        if (name.endsWith(".npy")) {
            return Format.NPY;
        }
        if (name.endsWith(".cfl") || (name.endsWith(".hdr") && Files.isRegularFile(path) && Cfl.looksLikeHeader(path))) {
            return Format.BART;
        }
        if (name.endsWith(".mha") || name.endsWith(".mhd")) {
            return Format.METAIMAGE;
        }
        if (name.endsWith(".png") || name.endsWith(".tif") || name.endsWith(".tiff")) {
            return Format.PICTURE;
        }
        if (Files.isDirectory(path) || name.endsWith(".dcm")) {
            return Format.DICOM;
        }
        if (Files.isRegularFile(path) && Dicom.looksLikeDicom(path)) {
            return Format.DICOM;
        }
        return null;
    }

    /**
     * Reads a scan in any supported format as a NIfTI-style image (voxels x fastest, real units, RAS affine).
     *
     * @throws IllegalArgumentException if the format is not one of {@link #SUPPORTED_INPUTS}
     * @throws ImageFormatException     if the file is damaged or unsupported within its format
     */
    public static NiftiImage read(Path path) throws IOException {
        Format format = of(path);
        if (format == null) {
            throw new IllegalArgumentException(path + ": unsupported input format; supported: " + SUPPORTED_INPUTS);
        }
        return switch (format) {
            case NIFTI -> Nifti.read(path);
            case DICOM -> Dicom.read(path);
            case NPY -> ArrayImages.fromNpy(path, Npy.read(path));
            case BART -> ArrayImages.fromCfl(path, Cfl.read(path));
            case METAIMAGE -> MetaImage.read(path);
            case PICTURE -> RasterImages.read(path);
        };
    }
}
