package dev.claritas.mri.metrics;

import static dev.claritas.mri.metrics.MetricFixtures.groundTruth;
import static dev.claritas.mri.metrics.MetricFixtures.prediction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wang's Gaussian-window SSIM against scikit-image 0.19.3's {@code structural_similarity(...,
 * gaussian_weights=True, sigma=1.5, use_sample_covariance=False)}; the numbers are the output of
 * {@code tools/metrics_reference.py}.
 */
class GaussianSsimTest {

    private static final double TOLERANCE = 1e-6;

    /** One generated case: SSIM over the volume with data range max(gt), and of slice 0 with range 255. */
    record Reference(String name, int nx, int ny, int nz, long gtSeed, long predSeed,
            double ssimVolumeMaxGt, double ssimSlice0Range255) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Reference> references() {
        // Pasted from: /usr/bin/python3 tools/metrics_reference.py  (scikit-image 0.19.3, numpy 1.24.2)
        return Stream.of(
                new Reference("rectangular image", 20, 15, 1, 7, 11, 0.7247423417405746, 0.7269099506664244),
                new Reference("volume", 16, 12, 5, 42, 99, 0.7619890680252028, 0.7209204100900496),
                new Reference("odd volume", 37, 29, 3, 5, 8, 0.7699002029984116, 0.7456790788169401));
    }

    @ParameterizedTest
    @MethodSource("references")
    void matchesScikitImage(Reference ref) {
        float[] gt = groundTruth(ref.nx(), ref.ny(), ref.nz(), ref.gtSeed());
        float[] pred = prediction(gt, ref.predSeed());
        assertEquals(ref.ssimVolumeMaxGt(), ImageMetrics.ssimVolume(gt, pred, ref.nx(), ref.ny(), ref.nz(),
                ImageMetrics.max(gt), SsimVariant.GAUSSIAN), TOLERANCE);
        int sliceSize = ref.nx() * ref.ny();
        assertEquals(ref.ssimSlice0Range255(), ImageMetrics.ssim(Arrays.copyOf(gt, sliceSize),
                Arrays.copyOf(pred, sliceSize), ref.nx(), ref.ny(), 255, SsimVariant.GAUSSIAN), TOLERANCE);
    }

    @Test
    void windowIsScipysElevenTapGaussian() {
        assertEquals(11, SsimVariant.GAUSSIAN.windowSize());
        assertEquals(5, SsimVariant.GAUSSIAN.radius());
        assertEquals(1, Arrays.stream(SsimVariant.GAUSSIAN.weights()).sum(), 1e-15);
        assertEquals(1, SsimVariant.GAUSSIAN.covarianceNorm(), "population covariance, as Wang et al.");
        assertEquals(49.0 / 48, SsimVariant.FASTMRI.covarianceNorm(), "sample covariance, scikit-image's default");
    }

    @Test
    void differsFromFastMriAndIsOneForIdenticalImages() {
        float[] gt = groundTruth(13, 12, 2, 4);
        float[] pred = prediction(gt, 6);
        assertNotEquals(ImageMetrics.ssimVolume(gt, pred, 13, 12, 2, 100, SsimVariant.FASTMRI),
                ImageMetrics.ssimVolume(gt, pred, 13, 12, 2, 100, SsimVariant.GAUSSIAN), 1e-3);
        assertEquals(1, ImageMetrics.ssimVolume(gt, gt, 13, 12, 2, 100, SsimVariant.GAUSSIAN), 1e-12);
    }

    @Test
    void rejectsImagesSmallerThanTheWindow() {
        float[] image = new float[11 * 10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.ssim(image, image, 11, 10, 1, SsimVariant.GAUSSIAN));
        assertEquals("SSIM with a 11×11 window needs images of at least 11×11, got 11×10", e.getMessage());
    }
}
