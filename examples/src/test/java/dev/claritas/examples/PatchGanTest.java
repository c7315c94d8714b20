package dev.claritas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few GAN steps run end to end: finite losses, both pictures written at their sizes. */
class PatchGanTest {

    @Test
    void aFewStepsGiveFiniteLossesAndBothPictures(@TempDir Path out) throws IOException {
        LabelledScan scan = LabelledScan.load(Path.of("data"));
        PatchGan.Result r = PatchGan.run(scan, 4, 3, out, false);

        assertEquals(4, r.generatorLoss().length);
        for (int i = 0; i < 4; i++) {
            double g = r.generatorLoss()[i], d = r.discriminatorLoss()[i];
            assertTrue(Double.isFinite(g) && g > 0, "generator loss " + g + " at step " + (i + 1));
            assertTrue(Double.isFinite(d) && d > 0, "discriminator loss " + d + " at step " + (i + 1));
        }
        // Before training, D outputs ≈ 0 logits: BCE ≈ ln 2 per term, so D's loss (two terms) starts near 2 ln 2.
        assertEquals(2 * Math.log(2), r.discriminatorLoss()[0], 0.3);

        BufferedImage plot = ImageIO.read(out.resolve("gan-loss.png").toFile());
        assertNotNull(plot);
        assertEquals(900, plot.getWidth());
        assertEquals(540, plot.getHeight());

        BufferedImage samples = ImageIO.read(out.resolve("gan-samples.png").toFile());
        assertNotNull(samples);
        int grid = PatchGan.GRID, size = PatchGan.PATCH, scale = PatchGan.SCALE;
        assertEquals(2 * PatchGrid.width(grid, size, scale), samples.getWidth());
        assertEquals(PatchGrid.height(grid, size, scale), samples.getHeight());
    }

    @Test
    void theGeneratorMakesPatchesAndTheDiscriminatorOneLogitEach() {
        Tensor images = Dcgan.generator().forward(Dcgan.latent(2, new Generator(0)));
        assertEquals(List.of(2, 1, 32, 32), dims(images));
        for (float v : images.toFloatArray()) {
            assertTrue(v >= -1 && v <= 1, "Tanh output out of range: " + v);
        }
        assertEquals(List.of(2, 1, 1, 1), dims(Dcgan.discriminator().forward(images)));
    }

    private static List<Integer> dims(Tensor t) {
        return Arrays.stream(t.shape().toArray()).boxed().toList();
    }
}
