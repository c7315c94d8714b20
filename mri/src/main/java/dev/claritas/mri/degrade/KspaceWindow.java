package dev.claritas.mri.degrade;

/**
 * The symmetric Tukey (tapered cosine) window, scipy's {@code signal.windows.tukey(m, alpha)}:
 * 1 in the middle, a half cosine over {@code ⌊alpha·(m−1)/2⌋ + 1} samples at each end. {@code alpha = 0}
 * is a box, {@code alpha = 1} the Hann window. Tapering the kept k-space this way trades the ringing of
 * a hard truncation (Gibbs) for some extra blur.
 */
public final class KspaceWindow {
    private KspaceWindow() {}

    /** The window's {@code m} weights. */
    public static double[] tukey(int m, double alpha) {
        double[] w = new double[m];
        java.util.Arrays.fill(w, 1);
        if (alpha <= 0 || m < 2) {
            return w;
        }
        double a = Math.min(alpha, 1);
        int width = (int) Math.floor(a * (m - 1) / 2.0);
        for (int n = 0; n <= width; n++) {
            w[n] = 0.5 * (1 + Math.cos(Math.PI * (-1 + 2.0 * n / a / (m - 1))));
        }
        for (int n = m - width - 1; n < m; n++) {
            w[n] = 0.5 * (1 + Math.cos(Math.PI * (-2.0 / a + 1 + 2.0 * n / a / (m - 1))));
        }
        return w;
    }
}
