package dev.claritas.mri.metrics;

import static dev.claritas.mri.metrics.MetricFixtures.ellipse;
import static dev.claritas.mri.metrics.MetricFixtures.groundTruth;
import static dev.claritas.mri.metrics.MetricFixtures.half;
import static dev.claritas.mri.metrics.MetricFixtures.not;
import static dev.claritas.mri.metrics.MetricFixtures.prediction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SNR, CNR and CJV against numpy on the reference script's prediction image ({@code tools/metrics_reference.py},
 * section "Region metrics"): foreground = the ellipse, background = the rest, tissues = the ellipse's left and
 * right halves.
 */
class RegionMetricsTest {

    private static final double TOLERANCE = 1e-6;

    record Reference(String name, int nx, int ny, int nz, long gtSeed, long predSeed, int shrink,
            double snr, double cnr, double cjv) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Reference> references() {
        // Pasted from: /usr/bin/python3 tools/metrics_reference.py  (numpy 1.24.2)
        return Stream.of(
                new Reference("rectangular image", 20, 15, 1, 7, 11, 0,
                        2.233429405806824, 0.45695613455919887, 3.0846877154942245),
                new Reference("odd volume", 37, 29, 3, 5, 8, 3,
                        2.211263874367937, 0.32392256031328204, 4.359971223793445));
    }

    @ParameterizedTest
    @MethodSource("references")
    void matchesNumpy(Reference ref) {
        float[] image = prediction(groundTruth(ref.nx(), ref.ny(), ref.nz(), ref.gtSeed()), ref.predSeed());
        boolean[] fg = ellipse(ref.nx(), ref.ny(), ref.nz(), ref.shrink());
        boolean[] left = half(fg, ref.nx(), true), right = half(fg, ref.nx(), false);
        assertEquals(ref.snr(), RegionMetrics.snr(image, fg, not(fg)), TOLERANCE);
        assertEquals(ref.cnr(), RegionMetrics.cnr(image, left, right), TOLERANCE);
        assertEquals(ref.cjv(), RegionMetrics.cjv(image, left, right), TOLERANCE);
    }

    @Test
    void twoPassStatisticsSurviveALargeOffset() {
        // Tissues 1e6 ± 1 and 1e6 + 10 ± 2: a one-pass E[x²] − E[x]² would lose the variances to cancellation.
        float[] image = {1e6f - 1, 1e6f + 1, 1e6f + 8, 1e6f + 12};
        boolean[] a = {true, true, false, false}, b = {false, false, true, true};
        assertEquals(10 / Math.sqrt(1 + 4), RegionMetrics.cnr(image, a, b), 1e-12);
        assertEquals(0.3, RegionMetrics.cjv(image, a, b), 1e-12);
    }

    @Test
    void rejectsEmptyOrMisfitRegions() {
        float[] image = new float[4];
        boolean[] some = {true, false, true, false};
        assertEquals("background mask selects no voxels", assertThrows(IllegalArgumentException.class,
                () -> RegionMetrics.snr(image, some, new boolean[4])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegionMetrics.cnr(image, some, new boolean[3]));
    }
}
