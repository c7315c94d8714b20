package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * Bluestein's chirp-z FFT for lengths with a large prime factor. With {@code jk = (j^2 + k^2 -
 * (k - j)^2) / 2} and the chirp {@code b_j = exp(-pi i j^2 / n)} the DFT becomes a convolution:
 * <pre>
 *   X[k] = b_k * sum_j (x_j b_j) * conj(b_{k-j}),
 * </pre>
 * computed as a cyclic convolution of length {@code M >= 2n - 1}, a power of two, with two FFTs
 * of length M (the chirp's transform is precomputed). The inverse FFT inside the convolution is
 * done as {@code ifft(z) = conj(fft(conj(z)))}.
 */
final class FftBluesteinPlan extends FftPlan {
    final FftPlan convolution;
    /** {@code b_j}, interleaved, for {@code j < n}. */
    final double[] chirp;
    /** FFT of the length-M sequence {@code conj(b_m)} for {@code |m| < n} (negative m wrapped), divided by M. */
    final double[] chirpSpectrum;

    FftBluesteinPlan(int n) {
        super(n);
        int m = Integer.highestOneBit(2 * n - 1);
        if (m < 2 * n - 1) {
            m *= 2;
        }
        convolution = forLength(m);
        chirp = new double[2 * n];
        for (int j = 0; j < n; j++) {
            // exp(-pi i j^2 / n) has period 2n in j^2: reduce exactly before going to floating point.
            double angle = -Math.PI * ((long) j * j % (2L * n)) / n;
            chirp[2 * j] = Math.cos(angle);
            chirp[2 * j + 1] = Math.sin(angle);
        }
        chirpSpectrum = new double[2 * m];
        for (int j = 0; j < n; j++) {
            chirpSpectrum[2 * j] = chirp[2 * j] / m;
            chirpSpectrum[2 * j + 1] = -chirp[2 * j + 1] / m;
            if (j > 0) {
                chirpSpectrum[2 * (m - j)] = chirpSpectrum[2 * j];
                chirpSpectrum[2 * (m - j) + 1] = chirpSpectrum[2 * j + 1];
            }
        }
        convolution.forward(chirpSpectrum, 0, new double[convolution.scratchLength()]);
    }

    @Override
    int scratchLength() {
        return convolution.scratchLength() + 2 * convolution.length;
    }

    @Override
    void forward(double[] data, int offset, double[] scratch) {
        // scratch = [the inner FFT's scratch | the padded sequence a of M points]
        int padded = convolution.scratchLength();
        int end = padded + 2 * convolution.length;
        // a = x b, zero padded
        for (int j = 0; j < length; j++) {
            multiply(data, offset + 2 * j, chirp, 2 * j, scratch, padded + 2 * j);
        }
        Arrays.fill(scratch, padded + 2 * length, end, 0.0);
        // a = conj(fft(a) * chirpSpectrum)
        convolution.forward(scratch, padded, scratch);
        for (int k = padded, h = 0; k < end; k += 2, h += 2) {
            multiply(scratch, k, chirpSpectrum, h, scratch, k);
            scratch[k + 1] = -scratch[k + 1];
        }
        // X = b conj(fft(a)), the first n points of the cyclic convolution times the chirp
        convolution.forward(scratch, padded, scratch);
        for (int k = 0; k < length; k++) {
            int at = padded + 2 * k;
            scratch[at + 1] = -scratch[at + 1];
            multiply(scratch, at, chirp, 2 * k, data, offset + 2 * k);
        }
    }

    /** {@code c[ci] = a[ai] * b[bi]} for complex numbers; c may alias a. */
    private static void multiply(double[] a, int ai, double[] b, int bi, double[] c, int ci) {
        double ar = a[ai];
        double aim = a[ai + 1];
        double br = b[bi];
        double bim = b[bi + 1];
        c[ci] = ar * br - aim * bim;
        c[ci + 1] = ar * bim + aim * br;
    }
}
