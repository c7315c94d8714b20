package dev.claritas.mri.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads DICOM MR images (PS3.10 files) as a volume in NIfTI's conventions: a single file (all its frames), or a
 * folder holding one series of single-frame files, ordered by position. Uncompressed transfer syntaxes only:
 * implicit and explicit VR little endian and explicit VR big endian; compressed ones are refused by name. Values
 * are in real units (RescaleSlope and RescaleIntercept applied) and the affine maps voxels to RAS millimetres
 * (sform code 1, scanner). A multi-frame file's frames are stacked along its slice normal with
 * SpacingBetweenSlices (else SliceThickness); the per-frame functional groups of enhanced MR files are not read.
 */
public final class Dicom {

    private Dicom() {}

    /**
     * Reads a DICOM file or a folder with one series.
     *
     * @throws ImageFormatException if a file is not DICOM, is damaged or unsupported, or the folder's files do not
     *                              form one evenly spaced series; the message names the file and the tag
     */
    public static NiftiImage read(Path fileOrFolder) throws IOException {
        if (!Files.isDirectory(fileOrFolder)) {
            return DicomVolume.ofFile(DicomFrames.decode(DicomParser.parse(fileOrFolder)));
        }
        List<DicomFrames> slices = new ArrayList<>();
        try (Stream<Path> entries = Files.list(fileOrFolder)) {
            for (Path p : entries.sorted().toList()) {
                if (Files.isRegularFile(p) && looksLikeDicom(p)) {
                    slices.add(DicomFrames.decode(DicomParser.parse(p)));
                }
            }
        }
        if (slices.isEmpty()) {
            throw new ImageFormatException(fileOrFolder, "folder", "holds no DICOM files ('DICM' at byte 128)");
        }
        return DicomVolume.ofSeries(fileOrFolder, slices);
    }

    /** Whether a file starts with the DICOM preamble and "DICM": what a folder's other files are told apart by. */
    public static boolean looksLikeDicom(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DicomParser.hasMagic(in.readNBytes(132));
        }
    }
}
