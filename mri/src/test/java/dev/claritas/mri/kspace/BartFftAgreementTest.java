package dev.claritas.mri.kspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Claritas' centred FFT agrees with BART's. The fixture (tools/make_kspace_fixtures.py) holds BART's
 * 8-coil Shepp-Logan k-space, {@code bart phantom -k -s 8 -x 64}, and BART's unitary centred inverse
 * FFT of it over its dimensions 0 and 1, {@code bart fft -u -i 3}, both as [coil, y, x, 2]: BART's
 * column-major (x, y, z, coil) read in row-major order, so H = y and W = x.
 */
class BartFftAgreementTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/kspace/bart_phantom.safetensors");

    @Test
    void ifft2cOfBartsPhantomKspaceIsBartsImage() throws IOException {
        Map<String, Tensor> bart = TensorFiles.load(FIXTURE);
        Tensor kspace = bart.get("kspace");
        Tensor image = bart.get("image");
        assertArrayEquals(new int[] {8, 64, 64, 2}, kspace.shape().toArray());
        double error = relativeError(Ops.ifft2c(kspace), image);
        assertTrue(error <= 1e-5, "ifft2c differs from BART by " + error + " of the image's magnitude");
        assertTrue(relativeError(Ops.fft2c(image), kspace) <= 1e-5, "fft2c does not take BART's image back");
    }

    /** max_i |a_i − b_i| over max_i |b_i|, complex magnitudes. */
    static double relativeError(Tensor actual, Tensor expected) {
        double[] a = Complex.abs(actual.sub(expected)).toDoubleArray();
        double[] e = Complex.abs(expected).toDoubleArray();
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, a[i]);
            scale = Math.max(scale, e[i]);
        }
        return worst / scale;
    }
}
