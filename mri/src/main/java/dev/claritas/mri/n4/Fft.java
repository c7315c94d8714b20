package dev.claritas.mri.n4;

/**
 * An in-place radix-2 complex FFT for the short, power-of-two-long histograms of {@link HistogramSharpener}
 * (512 points for ITK's 200 bins). The {@code mri} module may not depend on the kernels module, and a
 * 512-point transform a few times per N4 iteration does not justify going through tensors, so this is a plain
 * iterative Cooley–Tukey transform in doubles.
 */
final class Fft {

    private Fft() {}

    /**
     * Transforms {@code (re, im)} in place: the forward DFT {@code X[k] = Σ x[n] e^{-2πikn/N}}, or with
     * {@code inverse} the inverse scaled by 1/N, so forward then inverse gives back the input.
     *
     * @throws IllegalArgumentException if the length is not a power of two or the arrays differ in length
     */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n != im.length || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two, got " + n + " and " + im.length);
        }
        // Bit-reversal permutation, then butterflies of doubling span.
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j |= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            double angle = sign * 2 * Math.PI / len;
            int half = len >> 1;
            for (int k = 0; k < half; k++) {
                // Twiddles from cos/sin directly rather than by recurrence, which drifts for long transforms.
                double wr = Math.cos(angle * k), wi = Math.sin(angle * k);
                for (int start = 0; start < n; start += len) {
                    int a = start + k, b = a + half;
                    double br = re[b] * wr - im[b] * wi;
                    double bi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - br; im[b] = im[a] - bi;
                    re[a] += br; im[a] += bi;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }
}
