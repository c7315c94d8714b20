package dev.claritas.mri.n4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramSharpenerTest {

    /** Two tissues blurred by a spread of log intensities: sharpening pulls each towards its own peak. */
    @Test
    void sharpeningNarrowsEachClassAroundItsPeak() {
        Random random = new Random(7);
        int n = 20_000;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i % 2 == 0 ? 4.0 : 4.5) + 0.06 * random.nextGaussian();
        }
        double[] sharpened = HistogramSharpener.withDefaults().sharpen(values);
        for (int cls = 0; cls < 2; cls++) {
            double before = spread(values, cls), after = spread(sharpened, cls);
            assertTrue(after < 0.8 * before, "class " + cls + ": spread " + before + " -> " + after);
        }
    }

    @Test
    void constantValuesAreLeftAlone() {
        double[] values = {2.5, 2.5, 2.5};
        assertArrayEquals(values, HistogramSharpener.withDefaults().sharpen(values));
    }

    private static double spread(double[] v, int cls) {
        double mean = 0, sq = 0;
        int n = 0;
        for (int i = cls; i < v.length; i += 2, n++) {
            mean += v[i];
        }
        mean /= n;
        for (int i = cls; i < v.length; i += 2) {
            sq += (v[i] - mean) * (v[i] - mean);
        }
        return Math.sqrt(sq / n);
    }
}
