package dev.claritas.mri.io;

import dev.claritas.mri.kspace.Coils;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The image volume of a fastMRI file as a NIfTI-style image: the ground truth ({@code reconstruction_rss}, or
 * {@code reconstruction_esc} for single-coil files) if the file has one, else the magnitude image of the fully
 * sampled k-space, slice by slice: {@code ifft2c}, then root-sum-of-squares over the coils (fastMRI's
 * {@code rss(complex_abs(ifft2c(kspace)))}; the plain magnitude for single-coil data). Slice {@code [h, w]}
 * arrays become NIfTI x = column, y = rows from the bottom (so a PNG of it shows row 0 at the top, as fastMRI
 * displays it), z = slice; voxels are unit-sized with no orientation, since the ISMRMRD header's geometry is not
 * interpreted.
 *
 * @param source where the values came from, for the user: the dataset name or "RSS of ifft2c(kspace)"
 */
public record FastMriVolume(NiftiImage image, String source) {

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

    /** {@code [coils, H, W, 2]} or {@code [H, W, 2]} k-space to its magnitude image {@code [H, W]}. */
    private static Tensor magnitude(Tensor kspace) {
        Tensor images = Ops.ifft2c(kspace);
        return kspace.rank() == 4 ? Coils.rssComplex(images, 0) : Coils.rssComplex(images.unsqueeze(0), 0);
    }
}
