package dev.claritas.mri.io;

import dev.claritas.mri.kspace.Coils;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image volume of a fastMRI file as a NIfTI-style image: the ground truth ({@code reconstruction_rss}, or
 * {@code reconstruction_esc} for single-coil files, or a model's {@code reconstruction}) if the file has one, else the magnitude image of the fully
 * sampled k-space, slice by slice: {@code ifft2c}, then root-sum-of-squares over the coils (fastMRI's
 * {@code rss(complex_abs(ifft2c(kspace)))}; the plain magnitude for single-coil data). Slice {@code [h, w]}
 * arrays become NIfTI x = column, y = rows from the bottom (so a PNG of it shows row 0 at the top, as fastMRI
 * displays it), z = slice; voxels are unit-sized with no orientation, since the ISMRMRD header's geometry is not
 * interpreted.
 *
 * @param source where the values came from, for the user: the dataset name or "RSS of ifft2c(kspace)"
 */
public record FastMriVolume(NiftiImage image, String source) {

    /** The dataset fastMRI's {@code save_reconstructions} writes and its {@code evaluate.py} reads predictions from. */
    public static final String RECONSTRUCTION = "reconstruction";

    /** What {@link #source} says for an image computed from k-space. */
    public static final String FROM_KSPACE = "RSS of ifft2c(kspace)";

    public static FastMriVolume read(Path file) throws IOException {
        try (FastMriFile f = FastMriFile.open(file)) {
            var truth = f.reconstructionName();
            int slices = truth.isPresent() ? f.datasets().get(truth.get())[0] : f.kspaceShape()[0];
            float[] data = null;
            int h = 0, w = 0;
            for (int s = 0; s < slices; s++) {
                Tensor slice = truth.isPresent() ? f.reconstructionSlice(s) : magnitude(f.kspaceSlice(s));
                if (data == null) {
                    h = slice.size(0);
                    w = slice.size(1);
                    data = new float[Math.multiplyExact(slices, Math.multiplyExact(h, w))];
                }
                float[] v = slice.toFloatArray();
                for (int row = 0; row < h; row++) {
                    System.arraycopy(v, row * w, data, (s * h + h - 1 - row) * w, w);
                }
            }
            if (data == null) {
                throw new ImageFormatException(file, truth.orElse("kspace"), "has no slices");
            }
            NiftiImage image = new NiftiImage(NiftiHeader.of(new int[] {w, h, slices}, new float[] {1, 1, 1}), data);
            return new FastMriVolume(image, truth.orElse(FROM_KSPACE));
        }
    }

    /**
     * Writes a real 2-D or 3-D image as fastMRI's {@code save_reconstructions} does, so that fastMRI's
     * {@code evaluate.py} can score it: one float32 dataset {@code reconstruction} of shape {@code [slices, h, w]},
     * the inverse of {@link #read}'s mapping (z = slice, x = column, y = rows from the bottom). jhdf also marks the
     * file with a {@code _jHDF} attribute. K-space cannot be written: h5py stores complex numbers as an HDF5
     * compound type, and jhdf 0.9.4 writes numbers, strings and booleans only.
     *
     * @throws IllegalArgumentException if the image is complex or not 2-D or 3-D
     */
    public static void write(Path file, NiftiImage image) throws IOException {
        if (image.isComplex()) {
            throw new IllegalArgumentException(file + ": a complex image cannot be written to HDF5 (jhdf writes no "
                    + "complex/compound data); write NIfTI, NumPy or BART instead");
        }
        int[] shape = image.shape();
        if (shape.length < 2 || shape.length > 3) {
            throw new IllegalArgumentException(file + ": a " + shape.length + "-D image; a fastMRI reconstruction "
                    + "is a 2-D image or a stack of them");
        }
        int w = shape[0], h = shape[1], slices = shape.length == 3 ? shape[2] : 1;
        float[][][] volume = new float[slices][h][w];
        float[] data = image.data();
        for (int s = 0; s < slices; s++) {
            for (int row = 0; row < h; row++) {
                System.arraycopy(data, (s * h + h - 1 - row) * w, volume[s][row], 0, w);
            }
        }
        // jhdf opens the file without TRUNCATE_EXISTING: the tail of a longer old file would survive
        Files.deleteIfExists(file);
        try (WritableHdfFile out = HdfFile.write(file)) {
            out.putDataset(RECONSTRUCTION, volume);
        } catch (RuntimeException e) {
            throw new IOException(file + ": HDF5 write failed (" + e.getMessage() + ")", e);
        }
    }

    /** {@code [coils, H, W, 2]} or {@code [H, W, 2]} k-space to its magnitude image {@code [H, W]}. */
    private static Tensor magnitude(Tensor kspace) {
        Tensor images = Ops.ifft2c(kspace);
        return kspace.rank() == 4 ? Coils.rssComplex(images, 0) : Coils.rssComplex(images.unsqueeze(0), 0);
    }
}
