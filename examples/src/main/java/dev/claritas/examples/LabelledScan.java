package dev.claritas.examples;

import dev.claritas.mri.cli.DemoData;
import dev.claritas.mri.denoise.Volume;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The shipped T1 scan, scaled to [0, 1], with its k-means tissue labels (both in {@code examples/data}, see its
 * README), and patches cut from its slices. Slices split as the denoiser's do: {@link DemoData}'s held-out block
 * [28, 36) for evaluation, the others (minus a one-slice gap) for training.
 */
final class LabelledScan {
    static final String T1_FILE = "t1-brain.nii.gz", LABELS_FILE = "t1-brain-kmeans-labels.nii.gz";

    private final Volume t1;
    private final byte[] labels;
    private final int firstImagedRow;

    private LabelledScan(Volume t1, byte[] labels) {
        this.t1 = t1;
        this.labels = labels;
        this.firstImagedRow = firstNonZeroRow(t1);
    }

    /**
     * {@code examples/data} under {@code -Dclaritas.home} (set by {@code examples/run}), else under the working
     * directory.
     */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("claritas.home", ".")).resolve("examples/data");
    }

    /** Reads both files from {@code directory} and checks that they share one grid. */
    static LabelledScan load(Path directory) throws IOException {
        Path t1File = directory.resolve(T1_FILE), labelFile = directory.resolve(LABELS_FILE);
        for (Path f : List.of(t1File, labelFile)) {
            if (!Files.isRegularFile(f)) {
                throw new IOException("example data not found: " + f.toAbsolutePath()
                        + " (run from the Claritas checkout, or pass the data folder)");
            }
        }
        NiftiImage t1 = Nifti.read(t1File), labels = Nifti.read(labelFile);
        if (!Arrays.equals(t1.shape(), labels.shape()) || t1.shape().length != 3) {
            throw new IOException("labels " + Arrays.toString(labels.shape()) + " do not match the T1 volume "
                    + Arrays.toString(t1.shape()));
        }
        int[] s = t1.shape();
        Volume scan = new Volume(t1.data(), s[0], s[1], s[2]);
        float max = scan.max();
        float[] scaled = new float[t1.data().length];
        byte[] classes = new byte[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = t1.data()[i] / max;
            classes[i] = (byte) labels.data()[i];
        }
        return new LabelledScan(new Volume(scaled, s[0], s[1], s[2]), classes);
    }

    int nx() {
        return t1.nx();
    }

    int ny() {
        return t1.ny();
    }

    int nz() {
        return t1.nz();
    }

    /** The k-means label (0–6, see the data README) of voxel (x, y, z). */
    int label(int x, int y, int z) {
        return labels[index(x, y, z)];
    }

    /** The scaled T1 value of voxel (x, y, z). */
    float intensity(int x, int y, int z) {
        return t1.data()[index(x, y, z)];
    }

    /**
     * The lowest row (second voxel axis) where the T1 has any signal. The labels were computed on an image that
     * reached lower, so rows below this one are labelled tissue while the T1 there is blank.
     */
    int firstImagedRow() {
        return firstImagedRow;
    }

    /** Slices for training: all but the held-out block and the gap around it. */
    List<Integer> trainingSlices() {
        return DemoData.trainingSlices(nz());
    }

    /** The held-out slices, for evaluation. */
    List<Integer> heldOutSlices() {
        return IntStream.range(DemoData.HELD_OUT_FROM, DemoData.HELD_OUT_TO).boxed().toList();
    }

    /**
     * Copies the {@code size} × {@code size} patch of slice z whose centre voxel is (cx, cy) (for an even size,
     * the voxel just past the middle) into {@code out} at {@code offset}, row by row; voxels outside the slice
     * read 0 (air). With {@code mirror}, the patch is flipped left to right about its centre voxel, which stays put.
     */
    void patch(int cx, int cy, int z, int size, boolean mirror, float[] out, int offset) {
        int x0 = cx - size / 2, y0 = cy - size / 2;
        float[] data = t1.data();
        int base = z * nx() * ny();
        for (int y = 0; y < size; y++) {
            int sy = y0 + y;
            for (int x = 0; x < size; x++) {
                int sx = mirror ? cx + size / 2 - x : x0 + x;
                boolean inside = sx >= 0 && sx < nx() && sy >= 0 && sy < ny();
                out[offset + y * size + x] = inside ? data[base + sy * nx() + sx] : 0f;
            }
        }
    }

    private int index(int x, int y, int z) {
        return (z * ny() + y) * nx() + x;
    }

    private static int firstNonZeroRow(Volume v) {
        for (int y = 0; y < v.ny(); y++) {
            for (int z = 0; z < v.nz(); z++) {
                for (int x = 0; x < v.nx(); x++) {
                    if (v.data()[(z * v.ny() + y) * v.nx() + x] != 0) {
                        return y;
                    }
                }
            }
        }
        return v.ny();
    }
}
