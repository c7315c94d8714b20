package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngPanelTest {

    @TempDir
    Path dir;

    private static final int W = 4;
    private static final int H = 3;
    /** Layout constants of PngPanel, restated: a 22-pixel caption row and 4-pixel gaps. */
    private static final int CAPTION = 22;
    private static final int GAP = 4;

    @Test
    void windowsToTheReferenceMaximumAndFlipsRows() {
        float[] reference = new float[W * H];
        reference[0] = 200; // x 0, y 0: the bottom-left pixel once drawn
        reference[W * H - 1] = 100; // x 3, y 2: top-right, half of the window
        float[] brighter = filled(400);
        BufferedImage panel = new PngPanel(W, H).add("noisy", brighter).addReference("reference", reference)
                .render();

        assertEquals(2 * W + GAP, panel.getWidth());
        assertEquals(CAPTION + H, panel.getHeight());
        Raster pixels = panel.getRaster();
        int referenceLeft = W + GAP;
        assertEquals(255, pixels.getSample(referenceLeft, CAPTION + H - 1, 0), "y 0 is drawn at the bottom");
        assertEquals(128, pixels.getSample(referenceLeft + W - 1, CAPTION, 0), "100 of 0..200 is mid-grey");
        assertEquals(0, pixels.getSample(referenceLeft + 1, CAPTION + 1, 0));
        assertEquals(255, pixels.getSample(0, CAPTION, 0), "values above the window clip to white");
    }

    @Test
    void explicitWindowAndUpscale() {
        float[] image = new float[W * H];
        image[0] = 15; // y 0, drawn in the bottom 3 rows of the upscaled image
        BufferedImage panel = new PngPanel(W, H).add("only", image).window(10, 20).upscale(3).render();

        assertEquals(3 * W, panel.getWidth());
        assertEquals(CAPTION + 3 * H, panel.getHeight());
        Raster pixels = panel.getRaster();
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                assertEquals(128, pixels.getSample(dx, panel.getHeight() - 1 - dy, 0));
            }
        }
        assertEquals(0, pixels.getSample(3, panel.getHeight() - 1, 0), "0 is below the window");
    }

    @Test
    void captionsAreDrawnAboveTheirImages() throws IOException {
        Path file = dir.resolve("panel.png");
        float[] image = new float[40 * 30];
        new PngPanel(40, 30).add("noisy", image).addReference("denoised", image).write(file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(2 * 40 + GAP, back.getWidth());
        assertTrue(litPixels(back, 0, 40) > 10, "caption of the first image");
        assertTrue(litPixels(back, 40 + GAP, 40) > 10, "caption of the second image");
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new PngPanel(W, H).add("short", new float[W]));
        assertThrows(IllegalArgumentException.class, () -> new PngPanel(W, H).window(5, 5));
        assertThrows(IllegalArgumentException.class, () -> new PngPanel(W, H).upscale(0));
        assertThrows(IllegalStateException.class, () -> new PngPanel(W, H).render());
    }

    private static float[] filled(float value) {
        float[] image = new float[W * H];
        Arrays.fill(image, value);
        return image;
    }

    private static int litPixels(BufferedImage image, int left, int width) {
        int lit = 0;
        for (int y = 0; y < CAPTION; y++) {
            for (int x = left; x < left + width; x++) {
                if ((image.getRGB(x, y) & 0xff) > 0) {
                    lit++;
                }
            }
        }
        return lit;
    }
}
