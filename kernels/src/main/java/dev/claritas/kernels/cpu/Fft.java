package dev.claritas.kernels.cpu;

import java.util.Objects;

/**
 * Complex FFTs on plain arrays of interleaved (re, im) values, fastMRI's layout of a trailing
 * dimension of size 2. Any length works: mixed radix (2, 3, 4, 5 and small odd primes) or, for
 * lengths with a large prime factor, Bluestein's algorithm. Plans are built once per length and
 * shared. All arithmetic is done in double: float data gets a relative error of about 1e-7, the
 * rounding of its own storage.
 */
public final class Fft {
    private Fft() {}

    /**
     * In-place unnormalised 1-D FFT of the {@code n} complex values at {@code data[offset, offset +
     * 2n)}: {@code X[k] = sum_j x[j] exp(-/+ 2 pi i jk / n)}, with the minus sign forward and the
     * plus sign for the inverse (which therefore does not divide by n).
     */
    public static void fft1d(double[] data, int offset, int n, boolean inverse) {
        Objects.checkFromIndexSize(offset, 2L * n, data.length);
        FftPlan plan = FftPlan.forLength(n);
        // ifft(x) = conj(fft(conj(x)))
        if (inverse) {
            negateImaginary(data, offset, n);
        }
        plan.forward(data, offset, new double[plan.scratchLength()]);
        if (inverse) {
            negateImaginary(data, offset, n);
        }
    }

    /**
     * fastMRI's centred orthonormal 2-D FFT of {@code batch} images of h x w complex values
     * ({@code 2*h*w} floats each, row-major, interleaved): {@code fftshift(fft2(ifftshift(x),
     * norm="ortho"))} forward, {@code fftshift(ifft2(ifftshift(x), norm="ortho"))} inverse, the
     * shifts over the two spatial dimensions. Computed in double, rounded to float once on store.
     * Bitwise reproducible whatever the thread count.
     *
     * @param src input images from {@code srcOff}; not modified, must not alias {@code dst}
     * @param dst output images from {@code dstOff}
     */
    public static void fft2c(float[] src, int srcOff, float[] dst, int dstOff, int batch, int h, int w, boolean inverse) {
        int length = checkedBatchLength(batch, h, w);
        Objects.checkFromIndexSize(srcOff, length, src.length);
        Objects.checkFromIndexSize(dstOff, length, dst.length);
        if (length > 0) {
            FftCentred2d.of(h, w, inverse).transform(src, srcOff, dst, dstOff, batch);
        }
    }

    /** The double twin of {@link #fft2c(float[], int, float[], int, int, int, int, boolean)}. */
    public static void fft2c(double[] src, int srcOff, double[] dst, int dstOff, int batch, int h, int w, boolean inverse) {
        int length = checkedBatchLength(batch, h, w);
        Objects.checkFromIndexSize(srcOff, length, src.length);
        Objects.checkFromIndexSize(dstOff, length, dst.length);
        if (length > 0) {
            FftCentred2d.of(h, w, inverse).transform(src, srcOff, dst, dstOff, batch);
        }
    }

    private static int checkedBatchLength(int batch, int h, int w) {
        if (batch < 0 || h < 1 || w < 1) {
            throw new IllegalArgumentException("bad FFT shape: batch " + batch + ", " + h + " x " + w);
        }
        long length = 2L * batch * h * w;
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("FFT batch too large: " + length + " values");
        }
        return (int) length;
    }

    private static void negateImaginary(double[] data, int offset, int n) {
        for (int i = offset + 1; i < offset + 2 * n; i += 2) {
            data[i] = -data[i];
        }
    }
}
