package dev.claritas.mri.n4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {

    @Test
    void forwardEqualsTheDefinitionOfTheDft() {
        int n = 64;
        Random random = new Random(1);
        double[] re = new double[n], im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = random.nextGaussian();
            im[i] = random.nextGaussian();
        }
        double[] xr = re.clone(), xi = im.clone();
        Fft.transform(xr, xi, false);
        for (int k = 0; k < n; k++) {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * k * t / n;
                sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
            }
            assertEquals(sr, xr[k], 1e-10);
            assertEquals(si, xi[k], 1e-10);
        }
        Fft.transform(xr, xi, true);
        assertArrayEquals(re, xr, 1e-12);
        assertArrayEquals(im, xi, 1e-12);
    }

    @Test
    void refusesLengthsThatAreNotPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> Fft.transform(new double[6], new double[6], false));
    }
}
