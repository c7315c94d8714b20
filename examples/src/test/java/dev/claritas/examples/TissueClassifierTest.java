package dev.claritas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run of the classifier learns: its loss falls and it beats always guessing the commonest class. */
class TissueClassifierTest {

    @Test
    void aShortRunLearnsAndBeatsTheMajorityClass(@TempDir Path out) throws IOException {
        LabelledScan scan = LabelledScan.load(Path.of("data"));
        TissueClassifier.Result r = TissueClassifier.run(scan, 60, 7, out, false);

        assertEquals(60, r.trainLoss().length);
        double first = mean(Arrays.copyOfRange(r.trainLoss(), 0, 10));
        double last = mean(Arrays.copyOfRange(r.trainLoss(), 50, 60));
        assertTrue(last < first * 0.8, "training loss did not fall: first 10 steps " + first + ", last 10 " + last);

        assertTrue(r.majorityRate() > 0.5, "background is most of the held-out voxels: " + r.majorityRate());
        assertTrue(r.accuracy() > r.majorityRate(),
                "held-out accuracy " + r.accuracy() + " does not beat the majority class " + r.majorityRate());
        assertTrue(r.balancedAccuracy() > 2.0 / TissueClassifier.CLASSES,
                "balanced accuracy " + r.balancedAccuracy() + " is near chance");

        BufferedImage plot = ImageIO.read(out.resolve("classifier-loss.png").toFile());
        assertNotNull(plot);
        assertEquals(900, plot.getWidth());
        assertEquals(540, plot.getHeight());
    }

    @Test
    void theLabelsMatchTheScanAndTheBlankRowsAreFound() throws IOException {
        LabelledScan scan = LabelledScan.load(Path.of("data"));
        assertEquals(128, scan.nx());
        assertEquals(128, scan.ny());
        assertEquals(62, scan.nz());
        // The data README: rows 0-14 of the T1 are blank, though labelled.
        assertEquals(15, scan.firstImagedRow());
        // The README's reading of the labels: in T1, CSF is darker than grey matter, grey darker than white.
        double[] sum = new double[Tissue.values().length];
        int[] count = new int[sum.length];
        for (int y = 0; y < scan.ny(); y++) {
            for (int x = 0; x < scan.nx(); x++) {
                Tissue t = Tissue.ofKmeansLabel(scan.label(x, y, 32));
                if (t != null) {
                    sum[t.ordinal()] += scan.intensity(x, y, 32);
                    count[t.ordinal()]++;
                }
            }
        }
        double csf = sum[Tissue.CSF.ordinal()] / count[Tissue.CSF.ordinal()];
        double grey = sum[Tissue.GREY_MATTER.ordinal()] / count[Tissue.GREY_MATTER.ordinal()];
        double white = sum[Tissue.WHITE_MATTER.ordinal()] / count[Tissue.WHITE_MATTER.ordinal()];
        assertTrue(csf < grey && grey < white, "mean T1 of CSF " + csf + ", grey " + grey + ", white " + white);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }
}
