package dev.claritas.mri.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A side-by-side grayscale PNG of equally sized 2-D images, each under a caption, e.g. noisy | denoised |
 * reference. All images share one intensity window so that their brightness can be compared.
 *
 * <p>Images are slices of a NIfTI volume, x fastest: pixel (x, y) is {@code image[x + width * y]}. A volume's
 * y axis points up the anatomy (anterior in an axial slice, superior in a coronal one), while a picture is
 * drawn top row first, so rows are flipped to put the anatomy the right way up.
 *
 * <pre>{@code
 * new PngPanel(128, 128)
 *         .add("noisy", noisy)
 *         .add("denoised", denoised)
 *         .addReference("reference", clean)   // window defaults to 0..max(clean)
 *         .upscale(3)
 *         .write(Path.of("panel.png"));
 * }</pre>
 */
public final class PngPanel {

    static {
        // Drawing captions needs no display; without this, AWT may look for one on a server and fail.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final int GAP = 4;
    private static final int FONT_SIZE = 14;
    private static final int CAPTION_HEIGHT = FONT_SIZE + 8;

    private final int width;
    private final int height;
    private final List<String> labels = new ArrayList<>();
    private final List<float[]> images = new ArrayList<>();
    private float[] reference;
    private double windowLo;
    private double windowHi;
    private boolean windowSet;
    private int upscale = 1;

    /** A panel of images of {@code width × height} pixels each. */
    public PngPanel(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "×" + height);
        }
        this.width = width;
        this.height = height;
    }

    /** Adds an image to the right of those already added, with its caption. */
    public PngPanel add(String label, float[] image) {
        if (image.length != width * height) {
            throw new IllegalArgumentException("\"" + label + "\" has " + image.length + " pixels, expected "
                    + width + "×" + height);
        }
        labels.add(label);
        images.add(image);
        return this;
    }

    /** Adds an image as {@link #add} does and makes it the one the default window is taken from. */
    public PngPanel addReference(String label, float[] image) {
        add(label, image);
        reference = image;
        return this;
    }

    /**
     * Sets the intensity window: {@code lo} and below is black, {@code hi} and above is white. Without it the
     * window is 0..max of the reference image, or of all images if none was marked as the reference.
     */
    public PngPanel window(double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("window needs lo < hi, got " + lo + ".." + hi);
        }
        windowLo = lo;
        windowHi = hi;
        windowSet = true;
        return this;
    }

    /** Enlarges every pixel to {@code factor × factor} (nearest neighbour), so small slices stay legible. */
    public PngPanel upscale(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("upscale factor must be at least 1, got " + factor);
        }
        upscale = factor;
        return this;
    }

    /** Draws the panel: captions on a black row at the top, images below, separated by black gaps. */
    public BufferedImage render() {
        if (images.isEmpty()) {
            throw new IllegalStateException("a panel needs at least one image");
        }
        int cellWidth = width * upscale;
        int cellHeight = height * upscale;
        int count = images.size();
        BufferedImage panel = new BufferedImage(count * cellWidth + (count - 1) * GAP, CAPTION_HEIGHT + cellHeight,
                BufferedImage.TYPE_BYTE_GRAY);
        double lo = windowSet ? windowLo : 0;
        double hi = windowSet ? windowHi : defaultWindowTop();
        WritableRaster raster = panel.getRaster();
        for (int i = 0; i < count; i++) {
            drawImage(raster, images.get(i), i * (cellWidth + GAP), CAPTION_HEIGHT, lo, hi);
        }
        drawCaptions(panel, cellWidth);
        return panel;
    }

    /** Renders the panel and writes it as PNG. */
    public void write(Path file) throws IOException {
        if (!ImageIO.write(render(), "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer available");
        }
    }

    /** max of the reference (or of all images); 1 when that is not above 0, so a blank image draws black. */
    private double defaultWindowTop() {
        double max = Double.NEGATIVE_INFINITY;
        for (float[] image : reference != null ? List.of(reference) : images) {
            for (float v : image) {
                max = Math.max(max, v);
            }
        }
        return max > 0 ? max : 1;
    }

    private void drawImage(WritableRaster raster, float[] image, int left, int top, double lo, double hi) {
        for (int y = 0; y < height; y++) {
            int row = top + (height - 1 - y) * upscale; // flipped: NIfTI y points up the picture
            for (int x = 0; x < width; x++) {
                int gray = grayLevel(image[x + width * y], lo, hi);
                for (int dy = 0; dy < upscale; dy++) {
                    for (int dx = 0; dx < upscale; dx++) {
                        raster.setSample(left + x * upscale + dx, row + dy, 0, gray);
                    }
                }
            }
        }
    }

    /** 0..255 for a value in the window; values outside it clip, NaN is black. */
    private static int grayLevel(float value, double lo, double hi) {
        double level = Math.rint((value - lo) * 255 / (hi - lo));
        return Double.isNaN(level) ? 0 : (int) Math.clamp(level, 0, 255);
    }

    private void drawCaptions(BufferedImage panel, int cellWidth) {
        Graphics2D g = panel.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT_SIZE));
            g.setColor(Color.WHITE);
            FontMetrics metrics = g.getFontMetrics();
            int baseline = (CAPTION_HEIGHT + metrics.getAscent() - metrics.getDescent()) / 2;
            for (int i = 0; i < labels.size(); i++) {
                int left = i * (cellWidth + GAP);
                int textLeft = left + Math.max(0, (cellWidth - metrics.stringWidth(labels.get(i))) / 2);
                g.setClip(left, 0, cellWidth, CAPTION_HEIGHT); // a long caption must not spill over its neighbour
                g.drawString(labels.get(i), textLeft, baseline);
            }
        } finally {
            g.dispose();
        }
    }
}
