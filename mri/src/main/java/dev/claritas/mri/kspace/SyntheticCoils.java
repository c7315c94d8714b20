package dev.claritas.mri.kspace;

import dev.claritas.tensor.Tensor;

/**
 * Simulated receive-coil sensitivities, for testing multi-coil reconstruction without scanner data.
 * The model is that of sigpy's {@code birdcage_maps} and BART's {@code phantom -S}: coils evenly
 * spaced on a circle around the field of view.
 */
public final class SyntheticCoils {
    /** The coils' circle, in units of the half field of view: 1.5 puts them just outside the image. */
    private static final double COIL_RADIUS = 1.5;

    private SyntheticCoils() {}

    /**
     * Smooth complex sensitivity maps {@code [numCoils, h, w, 2]} (float32) of a birdcage array.
     * Coil c sits at angle {@code θ_c = 2πc / numCoils} on a circle of radius 1.5 in coordinates where
     * the image spans [−1, 1) along each axis. Its sensitivity at a pixel is {@code 1 / r} in magnitude,
     * r being the distance from the coil, with the phase of the direction from the coil to the pixel
     * minus {@code θ_c} (the field of a coil rotates with its position). The maps are then divided by
     * their root-sum-of-squares, so {@code Σ_c |S_c|² = 1} at every pixel: an image seen through all
     * coils and combined with {@link Coils#senseReduce} comes back unchanged.
     */
    public static Tensor birdcage(int numCoils, int h, int w) {
        if (numCoils < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("SyntheticCoils.birdcage: needs at least one coil and one pixel, got "
                    + numCoils + " coils of " + h + "×" + w);
        }
        double[] re = new double[numCoils * h * w];
        double[] im = new double[re.length];
        for (int c = 0; c < numCoils; c++) {
            double angle = 2 * Math.PI * c / numCoils;
            double coilX = COIL_RADIUS * Math.cos(angle);
            double coilY = COIL_RADIUS * Math.sin(angle);
            for (int y = 0; y < h; y++) {
                double dy = (y - h / 2.0) / (h / 2.0) - coilY;
                for (int x = 0; x < w; x++) {
                    double dx = (x - w / 2.0) / (w / 2.0) - coilX;
                    double magnitude = 1 / Math.hypot(dx, dy);
                    double phase = Math.atan2(dy, dx) - angle;
                    int i = (c * h + y) * w + x;
                    re[i] = magnitude * Math.cos(phase);
                    im[i] = magnitude * Math.sin(phase);
                }
            }
        }
        float[] maps = new float[2 * re.length];
        int plane = h * w;
        for (int p = 0; p < plane; p++) {
            double sumSquares = 0;
            for (int c = 0; c < numCoils; c++) {
                sumSquares += re[c * plane + p] * re[c * plane + p] + im[c * plane + p] * im[c * plane + p];
            }
            double scale = 1 / Math.sqrt(sumSquares);
            for (int c = 0; c < numCoils; c++) {
                int i = c * plane + p;
                maps[2 * i] = (float) (re[i] * scale);
                maps[2 * i + 1] = (float) (im[i] * scale);
            }
        }
        return Tensor.of(maps, numCoils, h, w, 2);
    }
}
