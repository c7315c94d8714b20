package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FastMriVolume#write}: fastMRI's {@code reconstruction} layout, read back by jhdf. */
class FastMriVolumeWriteTest {

    private static final Path DIR = Path.of("src/test/resources/io/h5");

    @TempDir
    Path tmp;

    /**
     * The ground truth of an h5py-written file, read and written again, lands in {@code reconstruction} slice for
     * slice and row for row as h5py stored it in {@code reconstruction_rss}: the write undoes the read's mapping.
     */
    @Test
    void rewrittenGroundTruthKeepsFastMrisLayout() throws IOException {
        NiftiImage volume = FastMriVolume.read(DIR.resolve("multicoil.h5")).image();
        Path out = tmp.resolve("recon.h5");
        FastMriVolume.write(out, volume);
        try (FastMriFile original = FastMriFile.open(DIR.resolve("multicoil.h5")); FastMriFile written = FastMriFile.open(out)) {
            assertEquals("reconstruction", written.reconstructionName().orElseThrow());
            assertArrayEquals(original.datasets().get("reconstruction_rss"), written.datasets().get("reconstruction"));
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(original.reconstructionSlice(s).toFloatArray(), written.reconstructionSlice(s).toFloatArray());
            }
        }
        FastMriVolume back = FastMriVolume.read(out);
        assertEquals("reconstruction", back.source());
        assertArrayEquals(volume.data(), back.image().data());
    }

    /** Writing over a longer file leaves a valid file: jhdf does not truncate, so the writer removes it first. */
    @Test
    void overwritesALongerFile() throws IOException {
        Path out = tmp.resolve("o.h5");
        Files.write(out, new byte[1 << 16]);
        NiftiImage plane = new NiftiImage(NiftiHeader.of(new int[] {3, 2}, new float[] {1, 1}), new float[] {1, 2, 3, 4, 5, 6});
        FastMriVolume.write(out, plane);
        NiftiImage back = FastMriVolume.read(out).image();
        assertArrayEquals(new int[] {3, 2, 1}, back.shape());
        assertArrayEquals(plane.data(), back.data());
        assertEquals(true, Files.size(out) < 1 << 16);
    }

    @Test
    void refusesComplexImages() {
        NiftiImage k = new NiftiImage(NiftiHeader.of(new int[] {2, 2}, new float[] {1, 1})
                .withDatatype(NiftiDatatype.COMPLEX64), new float[8]);
        assertThrows(IllegalArgumentException.class, () -> FastMriVolume.write(tmp.resolve("k.h5"), k));
    }
}
