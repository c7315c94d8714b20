package dev.claritas.mri.metrics;

import static dev.claritas.mri.metrics.MetricFixtures.groundTruth;
import static dev.claritas.mri.metrics.MetricFixtures.prediction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the metrics against numpy and scikit-image 0.19.3, on images both sides generate with the same integer
 * recipe. The expected numbers are the output of {@code tools/metrics_reference.py}.
 */
class ImageMetricsTest {

    private static final double TOLERANCE = 1e-6;

    /** One generated case and what the reference script printed for it. */
    record Reference(String name, int nx, int ny, int nz, long gtSeed, long predSeed,
            double mse, double mae, double nmse, double psnrMaxGt, double psnr255,
            double ssimVolumeMaxGt, double ssimSlice0Range255) {

        float[] gt() {
            return groundTruth(nx, ny, nz, gtSeed);
        }

        float[] pred() {
            return prediction(gt(), predSeed);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Reference> references() {
        // Pasted from: /usr/bin/python3 tools/metrics_reference.py  (scikit-image 0.19.3, numpy 1.24.2)
        return Stream.of(
                new Reference("rectangular image", 20, 15, 1, 7, 11,
                        850.9552572022201, 24.69666656176249, 0.06799892560061685,
                        16.61777040180223, 18.831736351676025, 0.7339191557035966, 0.735894500922905),
                new Reference("smallest image", 7, 7, 1, 3, 5,
                        789.9940920458092, 24.381632838930404, 0.11772681687844341,
                        14.16079958699579, 19.15456517427467, 0.7513506188495654, 0.7543878589786984),
                new Reference("volume", 16, 12, 5, 42, 99,
                        853.1052419650716, 25.5011458439442, 0.06815711580089087,
                        16.732261433951077, 18.820777503506157, 0.760191172579447, 0.7308188469170714));
    }

    @ParameterizedTest
    @MethodSource("references")
    void pointwiseErrorsMatchNumpy(Reference ref) {
        float[] gt = ref.gt();
        float[] pred = ref.pred();
        assertEquals(ref.mse(), ImageMetrics.mse(gt, pred), TOLERANCE);
        assertEquals(ref.mae(), ImageMetrics.mae(gt, pred), TOLERANCE);
        assertEquals(ref.nmse(), ImageMetrics.nmse(gt, pred), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("references")
    void psnrMatchesScikitImage(Reference ref) {
        float[] gt = ref.gt();
        float[] pred = ref.pred();
        assertEquals(ref.psnrMaxGt(), ImageMetrics.psnr(gt, pred), TOLERANCE);
        assertEquals(ref.psnr255(), ImageMetrics.psnr(gt, pred, 255), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("references")
    void ssimMatchesScikitImage(Reference ref) {
        float[] gt = ref.gt();
        float[] pred = ref.pred();
        assertEquals(ref.ssimVolumeMaxGt(), ImageMetrics.ssimVolume(gt, pred, ref.nx(), ref.ny(), ref.nz()),
                TOLERANCE);
        int sliceSize = ref.nx() * ref.ny();
        float[] gtSlice0 = Arrays.copyOf(gt, sliceSize);
        float[] predSlice0 = Arrays.copyOf(pred, sliceSize);
        assertEquals(ref.ssimSlice0Range255(), ImageMetrics.ssim(gtSlice0, predSlice0, ref.nx(), ref.ny(), 255),
                TOLERANCE);
    }

    @Test
    void identicalImagesArePerfect() {
        float[] gt = groundTruth(9, 8, 2, 1);
        assertEquals(0, ImageMetrics.mse(gt, gt));
        assertEquals(0, ImageMetrics.nmse(gt, gt));
        assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(gt, gt));
        assertEquals(1, ImageMetrics.ssimVolume(gt, gt, 9, 8, 2), 1e-12);
    }

    @Test
    void rejectsMismatchedOrTooSmallInputs() {
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.mse(new float[3], new float[4]));
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.mse(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.ssim(new float[36], new float[36], 6, 6, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.ssim(new float[49], new float[49], 7, 6, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.ssimVolume(new float[98], new float[98], 7, 7, 3, 1));
    }
}
