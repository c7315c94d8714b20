package dev.claritas.mri.metrics;

import static dev.claritas.mri.metrics.MetricFixtures.ellipse;
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
 * Foreground-masked metrics against numpy and scikit-image 0.19.3 on the reference script's ellipse masks
 * ({@code tools/metrics_reference.py}, section "Foreground-masked metrics"). The data range is max(gt) over the
 * whole volume; masked SSIM is the mean of scikit-image's cropped SSIM maps over the mask, pooled over slices.
 */
class MaskedMetricsTest {

    private static final double TOLERANCE = 1e-6;

    /** One case; {@code ssimGaussian} is NaN where the slices are smaller than the 11×11 window. */
    record Reference(String name, int nx, int ny, int nz, long gtSeed, long predSeed, int shrink,
            long voxels, double mse, double nmse, double psnr, double ssimFastMri, double ssimGaussian) {

        float[] gt() {
            return groundTruth(nx, ny, nz, gtSeed);
        }

        float[] pred() {
            return prediction(gt(), predSeed);
        }

        boolean[] mask() {
            return ellipse(nx, ny, nz, shrink);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Reference> references() {
        // Pasted from: /usr/bin/python3 tools/metrics_reference.py  (scikit-image 0.19.3, numpy 1.24.2)
        return Stream.of(
                new Reference("rectangular image", 20, 15, 1, 7, 11, 0, 148, 811.8469524821794,
                        0.0661378083046547, 16.822096011187067, 0.7334719308196287, 0.7247423417405746),
                new Reference("smallest image", 7, 7, 1, 3, 5, 0, 21, 726.7228475080254,
                        0.11986221856704471, 14.523349879070192, 0.7513506188495654, Double.NaN),
                new Reference("volume", 16, 12, 5, 42, 99, 2, 356, 862.78194572921,
                        0.07383869018901154, 16.683277052800126, 0.7593880437716531, 0.7619890680252028),
                new Reference("odd volume", 37, 29, 3, 5, 8, 3, 1307, 837.6413580664309,
                        0.05537135930291002, 17.647433122555938, 0.784910367077423, 0.773384380467324));
    }

    @ParameterizedTest
    @MethodSource("references")
    void matchesNumpyAndScikitImage(Reference ref) {
        float[] gt = ref.gt(), pred = ref.pred();
        boolean[] mask = ref.mask();
        assertEquals(ref.voxels(), MaskedMetrics.count(mask));
        assertEquals(ref.mse(), MaskedMetrics.mse(gt, pred, mask), TOLERANCE);
        assertEquals(ref.nmse(), MaskedMetrics.nmse(gt, pred, mask), TOLERANCE);
        assertEquals(ref.psnr(), MaskedMetrics.psnr(gt, pred, mask), TOLERANCE);
        assertEquals(ref.ssimFastMri(), MaskedMetrics.ssimVolume(gt, pred, mask, ref.nx(), ref.ny(), ref.nz()),
                TOLERANCE);
        double range = ImageMetrics.max(gt);
        if (Double.isNaN(ref.ssimGaussian())) {
            assertThrows(IllegalArgumentException.class, () -> MaskedMetrics.ssimVolume(gt, pred, mask,
                    ref.nx(), ref.ny(), ref.nz(), range, SsimVariant.GAUSSIAN));
        } else {
            assertEquals(ref.ssimGaussian(), MaskedMetrics.ssimVolume(gt, pred, mask, ref.nx(), ref.ny(), ref.nz(),
                    range, SsimVariant.GAUSSIAN), TOLERANCE);
        }
    }

    @Test
    void fullMaskGivesTheUnmaskedMetrics() {
        int nx = 16, ny = 12, nz = 5;
        float[] gt = groundTruth(nx, ny, nz, 42), pred = prediction(gt, 99);
        boolean[] all = new boolean[gt.length];
        Arrays.fill(all, true);
        assertEquals(ImageMetrics.mse(gt, pred), MaskedMetrics.mse(gt, pred, all), 1e-9);
        assertEquals(ImageMetrics.nmse(gt, pred), MaskedMetrics.nmse(gt, pred, all), 1e-12);
        assertEquals(ImageMetrics.psnr(gt, pred), MaskedMetrics.psnr(gt, pred, all), 1e-12);
        for (SsimVariant variant : SsimVariant.values()) {
            assertEquals(ImageMetrics.ssimVolume(gt, pred, nx, ny, nz, 100, variant),
                    MaskedMetrics.ssimVolume(gt, pred, all, nx, ny, nz, 100, variant), 1e-12, variant.name());
        }
    }

    @Test
    void averagesOnlyForegroundVoxels() {
        // One foreground voxel, the centre of the middle slice: the result is that voxel's value of the SSIM map.
        int nx = 9, ny = 9, nz = 3;
        float[] gt = groundTruth(nx, ny, nz, 1), pred = prediction(gt, 2);
        boolean[] middleSliceCentre = new boolean[gt.length];
        middleSliceCentre[4 + nx * (4 + ny)] = true;
        float[] slice = Arrays.copyOfRange(gt, nx * ny, 2 * nx * ny);
        float[] predSlice = Arrays.copyOfRange(pred, nx * ny, 2 * nx * ny);
        // a 9×9 slice has a 3×3 map for the 7×7 window; its centre is the map's centre value
        double centre = SsimMap.of(slice, predSlice, 0, nx, ny, 50, SsimVariant.FASTMRI).at(4, 4);
        assertEquals(centre, MaskedMetrics.ssimVolume(gt, pred, middleSliceCentre, nx, ny, nz, 50,
                SsimVariant.FASTMRI), 1e-15);
    }

    @Test
    void rejectsEmptyOrMisfitMasks() {
        float[] image = groundTruth(8, 8, 1, 3);
        assertEquals("the mask selects no voxels", assertThrows(IllegalArgumentException.class,
                () -> MaskedMetrics.mse(image, image, new boolean[64])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaskedMetrics.mse(image, image, new boolean[63]));
        boolean[] corner = new boolean[64];
        corner[0] = true; // no 7×7 window around it fits in the image
        assertThrows(IllegalArgumentException.class,
                () -> MaskedMetrics.ssimVolume(image, image, corner, 8, 8, 1));
    }
}
