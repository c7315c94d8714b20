package dev.claritas.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Draws square one-channel patches with values in [−1, 1] as a grey-level grid with a caption. */
final class PatchGrid {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // drawing text into an image needs no display
        }
    }

    /** Pixels between tiles and around the grid. */
    static final int GAP = 4;
    /** Height of the caption strip above the tiles. */
    static final int CAPTION = 24;

    private PatchGrid() {}

    /** Width in pixels of a grid of {@code cols} tiles of {@code size} pixels shown {@code scale} times larger. */
    static int width(int cols, int size, int scale) {
        return cols * size * scale + (cols + 1) * GAP;
    }

    /** Height in pixels of a grid of {@code rows} rows of such tiles, caption included. */
    static int height(int rows, int size, int scale) {
        return CAPTION + rows * size * scale + rows * GAP + GAP;
    }

    /**
     * The first rows × cols patches of {@code patches} (each size × size values, row by row), −1 black and 1 white,
     * each pixel drawn as a {@code scale} × {@code scale} block (no interpolation, so the pixels stay visible).
     */
    static BufferedImage draw(String caption, float[] patches, int size, int rows, int cols, int scale) {
        BufferedImage image = new BufferedImage(width(cols, size, scale), height(rows, size, scale),
                BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
            g.drawString(caption, GAP, CAPTION - 7);
        } finally {
            g.dispose();
        }
        for (int t = 0; t < rows * cols; t++) {
            int left = GAP + (t % cols) * (size * scale + GAP), top = CAPTION + (t / cols) * (size * scale + GAP);
            for (int y = 0; y < size * scale; y++) {
                for (int x = 0; x < size * scale; x++) {
                    float v = patches[t * size * size + (y / scale) * size + x / scale];
                    int grey = Math.round(255 * (Math.clamp(v, -1f, 1f) + 1) / 2);
                    image.getRaster().setSample(left + x, top + y, 0, grey);
                }
            }
        }
        return image;
    }

    /** Places images side by side, top-aligned, on white. */
    static BufferedImage beside(BufferedImage left, BufferedImage right) {
        BufferedImage out = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
