package dev.claritas.mri.n4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class N4BiasFieldCorrectorTest {

    /** A two-tissue phantom (slabs of 100 and 160 with 2 % noise) times a ±20 % smooth field. */
    @Test
    void recoversASmoothFieldOnATwoTissuePhantom() {
        int nx = 48, ny = 48, nz = 24;
        float[] image = new float[nx * ny * nz];
        double[] trueLog = new double[image.length];
        boolean[] all = new boolean[image.length];
        Random random = new Random(11);
        for (int z = 0, i = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    double tissue = ((x / 6) + (y / 6) + (z / 6)) % 2 == 0 ? 100 : 160;
                    trueLog[i] = Math.log1p(0.2 * Math.sin(Math.PI * (x / (nx - 1.0) - 0.5)) * Math.cos(y / (ny - 1.0)));
                    image[i] = (float) (tissue * (1 + 0.02 * random.nextGaussian()) * Math.exp(trueLog[i]));
                    all[i] = true;
                }
            }
        }
        N4Parameters p = N4Parameters.defaults().withShrinkFactor(2).withFittingLevels(3);
        N4Result result = new N4BiasFieldCorrector(p).correct(image, new int[] {nx, ny, nz}, all, null);
        double[] estimate = new double[image.length];
        for (int i = 0; i < estimate.length; i++) {
            estimate[i] = result.logField()[i];
        }
        double r = N4Validation.correlation(trueLog, estimate, all);
        double slope = N4Validation.slope(trueLog, estimate, all);
        // measured: 0.9996 and 0.978 (N4 stops at its convergence threshold a little short of the full amplitude)
        assertTrue(r > 0.995, "correlation " + r);
        assertEquals(1, slope, 0.05, "slope");
        assertEquals(image.length, result.corrected().length);
    }

    @Test
    void convergenceMeasureIsTheCoefficientOfVariationOfExp() {
        assertEquals(0, N4BiasFieldCorrector.coefficientOfVariationOfExp(new double[] {0.3, 0.3, 0.3}), 1e-15);
        double a = Math.exp(0), b = Math.exp(Math.log(3));
        double mean = (a + b) / 2, sd = Math.sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean)) / 1);
        assertEquals(sd / mean, N4BiasFieldCorrector.coefficientOfVariationOfExp(new double[] {0, Math.log(3)}), 1e-12);
    }

    @Test
    void refusesAMaskWithoutPositiveVoxels() {
        float[] image = new float[27];
        var n4 = new N4BiasFieldCorrector(N4Parameters.defaults());
        var e = assertThrows(IllegalArgumentException.class, () -> n4.correct(image, new int[] {3, 3, 3}, null, null));
        assertTrue(e.getMessage().contains("no positive voxel"), e.getMessage());
    }
}
