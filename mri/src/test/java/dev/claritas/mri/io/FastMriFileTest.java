package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.claritas.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads fastMRI-layout files written by Debian's h5py 3.7 ({@code make_fastmri.py}):
 * kspace[s, c, y, x] = (s + 10 c + 100 y + 1000 x) - i (x + 1).
 */
class FastMriFileTest {

    private static final Path DIR = Path.of("src/test/resources/io/h5");

    @TempDir
    Path tmp;

    @Test
    void readsMulticoilKspaceSliceAsPairs() throws IOException {
        try (FastMriFile f = FastMriFile.open(DIR.resolve("multicoil.h5"))) {
            assertArrayEquals(new int[] {2, 3, 8, 6}, f.kspaceShape());
            assertTrue(f.isMulticoil());
            Tensor k = f.kspaceSlice(1);
            assertArrayEquals(new int[] {3, 8, 6, 2}, k.shape().toArray());
            float[] v = k.toFloatArray();
            int c = 2, y = 5, x = 4;
            int at = 2 * ((c * 8 + y) * 6 + x);
            assertEquals(1 + 10 * c + 100 * y + 1000 * x, v[at]);
            assertEquals(-(x + 1), v[at + 1]);
        }
    }

    @Test
    void readsReconstructionAttributesAndHeader() throws IOException {
        try (FastMriFile f = FastMriFile.open(DIR.resolve("multicoil.h5"))) {
            assertEquals("reconstruction_rss", f.reconstructionName().orElseThrow());
            Tensor r = f.reconstructionSlice(1);
            assertArrayEquals(new int[] {4, 4}, r.shape().toArray());
            assertEquals((16 + 5) / 8f, r.toFloatArray()[5]);
            Map<String, Object> a = f.attributes();
            assertEquals("CORPD_FBK", a.get("acquisition"));
            assertEquals(3.875, a.get("max"));
            assertEquals(12.75735092163086, (Double) a.get("norm"), 1e-12);
            assertEquals("0123abcd", a.get("patient_id"));
            assertTrue(f.ismrmrdHeader().orElseThrow().contains("<matrixSize><x>6</x>"));
            assertArrayEquals(new int[] {2, 3, 8, 6}, f.datasets().get("kspace"));
        }
    }

    @Test
    void readsSinglecoil() throws IOException {
        try (FastMriFile f = FastMriFile.open(DIR.resolve("singlecoil.h5"))) {
            assertFalse(f.isMulticoil());
            float[] k = f.kspaceSlice(0).toFloatArray();
            assertEquals(100 * 7 + 1000 * 5, k[2 * (7 * 6 + 5)]);
            assertEquals("reconstruction_esc", f.reconstructionName().orElseThrow());
            assertEquals(-0.75f, f.reconstructionSlice(0).toFloatArray()[0]);
            assertEquals("CORPDFS_FBK", f.attributes().get("acquisition"));
        }
    }

    @Test
    void refusesNonHdf5AndMissingData() throws IOException {
        Path bogus = tmp.resolve("x.h5");
        Files.writeString(bogus, "not hdf5 at all, just text that is long enough to be read");
        assertEquals("HDF5", assertThrows(ImageFormatException.class, () -> FastMriFile.open(bogus)).field());
        assertEquals("file", assertThrows(ImageFormatException.class,
                () -> FastMriFile.open(tmp.resolve("missing.h5"))).field());
        byte[] bytes = Files.readAllBytes(DIR.resolve("multicoil.h5"));
        Path cut = tmp.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(bytes, 3000));
        assertThrows(ImageFormatException.class, () -> {
            try (FastMriFile f = FastMriFile.open(cut)) {
                f.kspaceSlice(1);
            }
        });
    }
}
