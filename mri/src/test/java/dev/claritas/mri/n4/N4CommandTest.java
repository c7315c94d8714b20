package dev.claritas.mri.n4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.mri.cli.Claritas;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code claritas n4} end to end on a small synthetic image. */
class N4CommandTest {

    @TempDir
    Path dir;

    @Test
    void writesCorrectedImageAndField() throws Exception {
        int nx = 24, ny = 24, nz = 8;
        float[] data = new float[nx * ny * nz];
        for (int i = 0; i < data.length; i++) {
            int x = i % nx;
            data[i] = (float) ((i / nx % 4 < 2 ? 100 : 150) * (1 + 0.1 * x / nx));
        }
        Path in = dir.resolve("in.nii.gz"), out = dir.resolve("out.nii.gz"), field = dir.resolve("field.nii.gz");
        Nifti.write(in, new NiftiImage(NiftiHeader.of(new int[] {nx, ny, nz}, new float[] {1, 1, 1}), data));
        int code = Claritas.run("n4", "--input", in.toString(), "--output", out.toString(), "--field", field.toString(),
                "--shrink", "2", "--levels", "2", "--iterations", "10");
        assertEquals(0, code);
        NiftiImage corrected = Nifti.read(out), bias = Nifti.read(field);
        assertArrayEquals(new int[] {nx, ny, nz}, corrected.shape());
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], corrected.data()[i] * bias.data()[i], 1e-3 * data[i]);
        }
    }

    @Test
    void missingInputIsAOneLineErrorWithExitCode1() {
        assertEquals(1, Claritas.run("n4", "--input", dir.resolve("none.nii.gz").toString(), "--output",
                dir.resolve("o.nii.gz").toString()));
    }
}
