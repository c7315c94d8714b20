package dev.claritas.mri.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Stacks DICOM frames into one volume with a NIfTI affine. Slices are ordered by ImagePositionPatient projected
 * on the slice normal (the cross product of the ImageOrientationPatient row and column directions), as dcm2niix
 * and nibabel do; the slice step comes from the positions themselves, so gaps and overlaps in SliceThickness do
 * not matter. DICOM patient coordinates are LPS, NIfTI's are RAS, so the affine's first two rows are negated.
 * Voxel x runs along a row (the column index), y down the columns (the row index), z through the slices.
 */
final class DicomVolume {

    /** Relative difference between slice gaps above which a series is refused as unevenly spaced. */
    private static final double GAP_TOLERANCE = 0.01;

    private DicomVolume() {}

    /** The frames of one file, stacked along the slice normal with its frame spacing. */
    static NiftiImage ofFile(DicomFrames f) {
        double step = Double.isFinite(f.frameSpacing()) && f.frameSpacing() > 0 ? f.frameSpacing() : 1;
        double[] normal = f.orientation() != null ? normal(f.orientation()) : new double[] {0, 0, 1};
        double[] stepVector = {normal[0] * step, normal[1] * step, normal[2] * step};
        return build(f, f.frames(), f.data(), stepVector, f.position() != null && f.orientation() != null);
    }

    /** Single-frame files of one series, sorted into a volume. */
    static NiftiImage ofSeries(Path folder, List<DicomFrames> files) throws ImageFormatException {
        DicomFrames first = files.getFirst();
        for (DicomFrames f : files) {
            if (f.frames() != 1) {
                throw new ImageFormatException(f.file(), DicomTags.name(DicomTags.NUMBER_OF_FRAMES), f.frames()
                        + " frames; a series folder must hold single-frame images (read this file on its own)");
            }
            if (f.position() == null || f.orientation() == null) {
                throw new ImageFormatException(f.file(), DicomTags.name(f.position() == null
                        ? DicomTags.IMAGE_POSITION_PATIENT : DicomTags.IMAGE_ORIENTATION_PATIENT),
                        "missing; slices cannot be ordered without it");
            }
            if (!f.seriesUid().equals(first.seriesUid())) {
                throw new ImageFormatException(folder, DicomTags.name(DicomTags.SERIES_INSTANCE_UID),
                        "the folder holds more than one series (" + first.seriesUid() + " in " + first.file()
                                .getFileName() + ", " + f.seriesUid() + " in " + f.file().getFileName() + ")");
            }
            if (f.rows() != first.rows() || f.columns() != first.columns()) {
                throw new ImageFormatException(f.file(), DicomTags.name(DicomTags.ROWS), f.rows() + "×"
                        + f.columns() + " differs from " + first.rows() + "×" + first.columns() + " in "
                        + first.file().getFileName());
            }
            for (int i = 0; i < 6; i++) {
                if (Math.abs(f.orientation()[i] - first.orientation()[i]) > 1e-4) {
                    throw new ImageFormatException(f.file(), DicomTags.name(DicomTags.IMAGE_ORIENTATION_PATIENT),
                            "differs from " + first.file().getFileName() + ": slices are not parallel");
                }
            }
        }
        double[] normal = normal(first.orientation());
        List<DicomFrames> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparingDouble(f -> dot(f.position(), normal)));
        int n = sorted.size();
        double[] stepVector;
        if (n == 1) {
            return ofFile(first);
        }
        double span = dot(sorted.getLast().position(), normal) - dot(sorted.getFirst().position(), normal);
        double gap = span / (n - 1);
        for (int k = 1; k < n; k++) {
            double g = dot(sorted.get(k).position(), normal) - dot(sorted.get(k - 1).position(), normal);
            if (Math.abs(g - gap) > GAP_TOLERANCE * Math.abs(gap) + 1e-4 || g == 0) {
                throw new ImageFormatException(folder, DicomTags.name(DicomTags.IMAGE_POSITION_PATIENT),
                        "slices are not evenly spaced: " + sorted.get(k - 1).file().getFileName() + " and "
                                + sorted.get(k).file().getFileName() + " are " + g + " mm apart, the mean gap is "
                                + gap + " mm");
            }
        }
        double[] a = sorted.getFirst().position(), b = sorted.getLast().position();
        stepVector = new double[] {(b[0] - a[0]) / (n - 1), (b[1] - a[1]) / (n - 1), (b[2] - a[2]) / (n - 1)};
        int sliceSize = first.rows() * first.columns();
        float[] data = new float[Math.multiplyExact(sliceSize, n)];
        for (int k = 0; k < n; k++) {
            System.arraycopy(sorted.get(k).data(), 0, data, k * sliceSize, sliceSize);
        }
        return build(sorted.getFirst(), n, data, stepVector, true);
    }

    private static NiftiImage build(DicomFrames f, int slices, float[] data, double[] step, boolean located) {
        double[] o = located ? f.orientation() : new double[] {1, 0, 0, 0, 1, 0};
        double[] origin = located ? f.position() : new double[3];
        double dColumn = f.pixelSpacing()[1]; // between columns: the step along a row
        double dRow = f.pixelSpacing()[0];
        double[][] lps = new double[3][4];
        for (int r = 0; r < 3; r++) {
            lps[r][0] = o[r] * dColumn;
            lps[r][1] = o[3 + r] * dRow;
            lps[r][2] = step[r];
            lps[r][3] = origin[r];
        }
        float[][] ras = new float[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                ras[r][c] = (float) (r < 2 ? -lps[r][c] : lps[r][c]);
            }
        }
        double sliceStep = Math.sqrt(step[0] * step[0] + step[1] * step[1] + step[2] * step[2]);
        NiftiHeader plain = NiftiHeader.of(new int[] {f.columns(), f.rows(), slices},
                new float[] {(float) dColumn, (float) dRow, (float) sliceStep});
        String descrip = ("DICOM " + f.modality()).strip();
        int sformCode = located ? 1 : 0; // 1: scanner anatomical coordinates
        NiftiHeader header = new NiftiHeader(plain.dim(), NiftiDatatype.FLOAT32, plain.pixdim(), plain.voxOffset(),
                1f, 0f, plain.xyztUnits(), 0f, 0f, 0, sformCode, 0f, 0f, 0f, 0f, 0f, 0f, ras[0], ras[1], ras[2],
                descrip, 0, 0f, 0f, 0f, "");
        return new NiftiImage(header, data);
    }

    private static double[] normal(double[] o) {
        return new double[] {
            o[1] * o[5] - o[2] * o[4],
            o[2] * o[3] - o[0] * o[5],
            o[0] * o[4] - o[1] * o[3]
        };
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
