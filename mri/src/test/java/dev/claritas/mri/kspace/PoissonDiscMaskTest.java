package dev.claritas.mri.kspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Variable-density Poisson-disc masks: acceleration, calibration, reproducibility, density, BART. */
class PoissonDiscMaskTest {

    @Test
    void reachesTheRequestedAccelerationWithAFullCalibrationRegion() {
        record Case(int h, int w, double acceleration, int calibration, double variableDensity) {}
        for (Case c : new Case[] {
                new Case(128, 128, 4, 20, 0), new Case(128, 128, 4, 20, 5), new Case(96, 128, 8, 16, 5),
                new Case(64, 80, 2.5, 12, 2), new Case(128, 96, 6, 24, 10), new Case(33, 47, 3, 7, 5)}) {
            Tensor mask = PoissonDiscMask.generate(c.h(), c.w(), c.acceleration(), c.calibration(), c.variableDensity(), 17);
            assertArrayEquals(new int[] {c.h(), c.w(), 1}, mask.shape().toArray(), c.toString());
            float[] m = mask.toFloatArray();
            double achieved = (double) c.h() * c.w() / count(m);
            assertEquals(c.acceleration(), achieved, 0.1 * c.acceleration(), c + ": acceleration " + achieved);
            int top = (c.h() - c.calibration()) / 2;
            int left = (c.w() - c.calibration()) / 2;
            for (int y = top; y < top + c.calibration(); y++) {
                for (int x = left; x < left + c.calibration(); x++) {
                    assertEquals(1f, m[y * c.w() + x], c + ": calibration pixel (" + y + ", " + x + ")");
                }
            }
        }
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        float[] a = PoissonDiscMask.generate(64, 64, 4, 8, 5, 1).toFloatArray();
        assertArrayEquals(a, PoissonDiscMask.generate(64, 64, 4, 8, 5, 1).toFloatArray());
        assertFalse(Arrays.equals(a, PoissonDiscMask.generate(64, 64, 4, 8, 5, 2).toFloatArray()));
    }

    /** With variable density the centre (outside the calibration square) is sampled more densely than the edge. */
    @Test
    void densityFallsAwayFromTheCentre() {
        int n = 128;
        float[] m = PoissonDiscMask.generate(n, n, 4, 0, 5, 3).toFloatArray();
        double inner = 0;
        double innerArea = 0;
        double outer = 0;
        double outerArea = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double rho = Math.hypot(y - n / 2.0, x - n / 2.0) / (n / 2.0);
                if (rho < 0.3) {
                    inner += m[y * n + x];
                    innerArea++;
                } else if (rho > 0.8) {
                    outer += m[y * n + x];
                    outerArea++;
                }
            }
        }
        assertTrue(inner / innerArea > 4 * (outer / outerArea), "density " + inner / innerArea + " inside, " + outer / outerArea + " outside");
        // uniform density: the two agree within 15 %
        float[] u = PoissonDiscMask.generate(n, n, 4, 0, 0, 3).toFloatArray();
        double ui = 0;
        double uo = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double rho = Math.hypot(y - n / 2.0, x - n / 2.0) / (n / 2.0);
                ui += rho < 0.3 ? u[y * n + x] : 0;
                uo += rho > 0.8 ? u[y * n + x] : 0;
            }
        }
        assertEquals(1, (ui / innerArea) / (uo / outerArea), 0.15);
    }

    /**
     * At BART's own radius, Bridson here places as many samples as BART 0.8's {@code poisson}:
     * {@code bart poisson -Y 128 -Z 128 -y 2 -z 2 -C 20} samples 4383 pixels (seed 11235, its default),
     * and with {@code -v} 1863. BART draws in a unit square with radius 1/(1.275 · 128) and stretches it
     * by the accelerations (2, 2), so its radius is 2/1.275 pixels and its variable density, which is
     * {@code 1 + 20 d²} over the stretched square, is 1 + 1.25 ρ² over the 128² grid.
     */
    @Test
    void atBartsRadiusTheSampleCountMatchesBart() {
        double radius = 2 / 1.275;
        for (double[] c : new double[][] {{0, 4383}, {1.25, 1863}}) {
            double counts = 0;
            for (long seed = 0; seed < 4; seed++) {
                counts += count(PoissonDiscMask.sample(128, 128, radius, c[0], 20, new SplittableRandom(seed)));
            }
            assertEquals(c[1], counts / 4, 0.05 * c[1], "variable density " + c[0]);
        }
    }

    @Test
    void refusesWhatCannotBeSampled() {
        // a 40 × 40 calibration square alone is 1600 of 4096 pixels: more than 4096 / 4
        assertThrows(IllegalArgumentException.class, () -> PoissonDiscMask.generate(64, 64, 4, 40, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PoissonDiscMask.generate(64, 64, 0.5, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PoissonDiscMask.generate(64, 64, 4, 65, 0, 1));
    }

    private static int count(float[] mask) {
        int n = 0;
        for (float v : mask) {
            n += (int) v;
        }
        return n;
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean v : mask) {
            n += v ? 1 : 0;
        }
        return n;
    }
}
