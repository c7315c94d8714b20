package dev.claritas.mri.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Greyscale PNG and TIFF pictures, 8- and 16-bit, written and read back. */
class RasterImagesTest {

    @TempDir
    Path tmp;

    /** A uint16 (uint8) image is written with its own values at 16 (8) bits, so it reads back unchanged. */
    @Test
    void integerPicturesRoundTripExactly() throws IOException {
        int w = 5, h = 3;
        float[] wide = new float[w * h], narrow = new float[w * h];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = i == 0 ? 65535 : 4099 * i % 65536; // spans the 16-bit range, no window could keep these
            narrow[i] = i == 0 ? 255 : 37 * i % 256;
        }
        NiftiImage sixteen = new NiftiImage(image(w, h, wide).header().withDatatype(NiftiDatatype.UINT16), wide);
        NiftiImage eight = new NiftiImage(image(w, h, narrow).header().withDatatype(NiftiDatatype.UINT8), narrow);
        for (String ext : new String[] {".png", ".tif", ".tiff"}) {
            Path file16 = tmp.resolve("wide" + ext), file8 = tmp.resolve("narrow" + ext);
            RasterImages.Picture p = RasterImages.write(file16, sixteen, -1, 16);
            assertFalse(p.windowed(), ext);
            RasterImages.write(file8, eight, -1, 8);
            NiftiImage back16 = RasterImages.read(file16), back8 = RasterImages.read(file8);
            assertEquals(NiftiDatatype.UINT16, back16.header().datatype(), ext);
            assertEquals(NiftiDatatype.UINT8, back8.header().datatype(), ext);
            assertArrayEquals(wide, back16.data(), ext);
            assertArrayEquals(narrow, back8.data(), ext);
            assertEquals(16, ImageIO.read(file16.toFile()).getColorModel().getComponentSize(0), ext);
        }
    }

    /**
     * Any other image is windowed onto the full grey range of the depth, minimum black and maximum white, over the
     * whole volume; the slice is drawn with its y axis up (the picture's top row is the image's last y).
     */
    @Test
    void otherImagesAreWindowedOverTheVolume() throws IOException {
        int w = 3, h = 2, d = 3;
        float[] data = new float[w * h * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = -1.5f + 0.5f * i; // -1.5 .. 7
        }
        NiftiImage volume = new NiftiImage(NiftiHeader.of(new int[] {w, h, d}, new float[] {1, 1, 1}), data);
        for (int bits : new int[] {8, 16}) {
            Path file = tmp.resolve("v" + bits + ".tif");
            RasterImages.Picture p = RasterImages.write(file, volume, 2, bits);
            assertTrue(p.windowed());
            assertEquals(-1.5, p.low());
            assertEquals(7, p.high());
            BufferedImage picture = ImageIO.read(file.toFile());
            int top = (1 << bits) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = data[x + w * (y + h * 2)];
                    int expected = (int) Math.rint((v + 1.5) * top / 8.5);
                    assertEquals(expected, picture.getRaster().getSample(x, h - 1 - y, 0), bits + "-bit x " + x + " y " + y);
                }
            }
        }
    }

    @Test
    void refusesWhatAPictureCannotHold() {
        NiftiImage complex = new NiftiImage(NiftiHeader.of(new int[] {2, 2}, new float[] {1, 1})
                .withDatatype(NiftiDatatype.COMPLEX64), new float[8]);
        assertThrows(IllegalArgumentException.class, () -> RasterImages.write(tmp.resolve("c.png"), complex, -1, 8));
        NiftiImage flat = image(2, 2, new float[4]);
        assertThrows(IllegalArgumentException.class, () -> RasterImages.write(tmp.resolve("f.jpg"), flat, -1, 8));
        assertThrows(IllegalArgumentException.class, () -> RasterImages.write(tmp.resolve("f.png"), flat, 1, 8));
    }

    private static NiftiImage image(int w, int h, float[] data) {
        return new NiftiImage(NiftiHeader.of(new int[] {w, h}, new float[] {1, 1}), data);
    }
}
