package dev.claritas.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plots are real PNGs of the asked size, and the smoothing does what it says. */
class LossCurvesTest {

    @Test
    void writesAPngOfTheRequestedSize(@TempDir Path dir) throws IOException {
        double[] x = {1, 2, 3, 4, 5, 6}, y = {2.0, 1.5, 1.6, 1.1, 0.9, 0.95};
        Path file = dir.resolve("sub/curves.png");
        new LossCurves("A title", "step", "loss")
                .addSmoothed("training", x, y)
                .addPoints("held out", new double[] {3, 6}, new double[] {1.4, 1.0})
                .write(file, 640, 400);
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "not a readable image");
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        assertTrue(distinctColours(image) > 10, "the plot is blank");
    }

    @Test
    void smoothingStartsAtTheFirstValueAndKeepsAConstantConstant() {
        double[] smoothed = LossCurves.exponentialMovingAverage(new double[] {4, 0, 0, 0});
        assertEquals(4, smoothed[0], 1e-12, "the start-up bias is removed");
        for (int i = 1; i < smoothed.length; i++) {
            assertTrue(smoothed[i] <= smoothed[i - 1]);
        }
        double[] flat = new double[90];
        Arrays.fill(flat, 0.5);
        assertArrayEquals(flat, LossCurves.exponentialMovingAverage(flat), 1e-12);
        double[] noisy = new double[300];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = i % 2 == 0 ? 1 : 0;
        }
        double[] s = LossCurves.exponentialMovingAverage(noisy);
        assertEquals(0.5, s[noisy.length - 1], 0.1, "a long alternating curve smooths to its mean");
    }

    @Test
    void refusesCurvesWhoseLengthsDiffer() {
        LossCurves curves = new LossCurves("t", "x", "y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> curves.addSmoothed("bad", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
