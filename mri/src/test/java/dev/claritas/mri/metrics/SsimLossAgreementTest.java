package dev.claritas.mri.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.nn.SSIMLoss;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The training loss and the evaluation metric measure the same SSIM: nn's {@link SSIMLoss#fastMri}
 * (fastMRI's {@code SSIMLoss}: uniform 7×7 window, valid positions, sample covariance) on one 2-D image
 * equals {@link ImageMetrics#ssim} (scikit-image's {@code structural_similarity}, which fastMRI evaluates
 * with: it filters the padded image and then crops 3 pixels from every edge, leaving exactly the valid
 * positions). Both take an explicit data range. ImageMetrics sums in double; the loss computes in the
 * tensor's dtype, so float64 agrees to rounding and float32 to its precision.
 */
class SsimLossAgreementTest {

    @Test
    void fastMriSsimLossOnOneImageEqualsTheMetric() {
        int width = 23;
        int height = 17;
        SplittableRandom random = new SplittableRandom(20);
        float[] gt = new float[width * height];
        float[] pred = new float[gt.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = x + width * y;
                gt[i] = (float) (300 * (0.5 + 0.4 * Math.sin(x * 0.4) * Math.cos(y * 0.3)));
                pred[i] = (float) (gt[i] + 30 * random.nextGaussian());
            }
        }
        double dataRange = ImageMetrics.max(gt);
        double metric = ImageMetrics.ssim(gt, pred, width, height, dataRange);

        Tensor g = Tensor.of(gt, 1, 1, height, width);
        Tensor p = Tensor.of(pred, 1, 1, height, width);
        SSIMLoss loss = SSIMLoss.fastMri(dataRange);
        assertEquals(metric, loss.ssim(p.to(DType.FLOAT64), g.to(DType.FLOAT64)).item(), 1e-12, "float64");
        assertEquals(metric, loss.ssim(p, g).item(), 1e-5, "float32");
        assertEquals(1 - metric, loss.apply(p, g).item(), 1e-5, "the loss is 1 − SSIM");
    }
}
