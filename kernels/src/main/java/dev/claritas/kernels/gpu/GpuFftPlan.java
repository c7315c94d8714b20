package dev.claritas.kernels.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel launches of one centred 2-D FFT of {@code images} complex h x w images: the Stockham
 * passes along W (rows, contiguous), then along H (columns, strided by W). Each axis of length n is
 * factored into radices 8, 4, 2, 3, 5, 7, which have their own butterfly kernels, and any other
 * primes, which the generic kernel handles at about p multiply-adds per point (a prime axis is one
 * direct DFT pass). The first pass of an axis applies its ifftshift on load and the last its
 * fftshift on store, so no pass is spent on centring.
 */
final class GpuFftPlan {
    private GpuFftPlan() {}

    /** Radices with a dedicated butterfly kernel ({@code fft_radixR} in fft.cl). */
    private static final int[] BUTTERFLIES = {2, 3, 4, 5, 7, 8};

    /**
     * One pass, with the fields of fft.cl's {@code FftPass} plus the radix.
     *
     * @param n length of the axis
     * @param radix points per butterfly
     * @param ns product of the radices of this axis's earlier passes
     * @param inner lines adjacent in memory (W for a column pass, 1 for a row pass)
     * @param outer groups of lines
     * @param elemStride complex elements between consecutive points of a line
     * @param outerStride complex elements between consecutive groups of lines
     * @param shiftIn n/2 on the axis's first pass (ifftshift), else 0
     * @param shiftOut n/2 on the axis's last pass (fftshift), else 0
     */
    record Pass(int n, int radix, int ns, int inner, int outer, int elemStride, int outerStride, int shiftIn, int shiftOut) {

        /** Whether the generic kernel runs this pass (one thread per output point, not per butterfly). */
        boolean generic() {
            for (int b : BUTTERFLIES) {
                if (radix == b) {
                    return false;
                }
            }
            return true;
        }

        String kernel() {
            return generic() ? "fft_generic" : "fft_radix" + radix;
        }

        /** The threads of the launch: one per butterfly of each line, or one per point for the generic kernel. */
        long threads() {
            return (long) inner * outer * (generic() ? n : n / radix);
        }

        /** The {@code FftPass} struct, in the order fft.cl declares its fields. */
        int[] struct() {
            return new int[] {n, ns, inner, outer, elemStride, outerStride, shiftIn, shiftOut};
        }
    }

    /** The passes over W, then over H; at least one pass, so that a 1 x 1 transform still writes its output. */
    static List<Pass> passes(int h, int w, int images) {
        List<Pass> passes = new ArrayList<>();
        addAxis(passes, w, 1, images * h, 1, w);
        addAxis(passes, h, w, images, w, h * w);
        if (passes.isEmpty()) {
            passes.add(new Pass(1, 1, 1, 1, images, 1, 1, 0, 0));
        }
        return passes;
    }

    private static void addAxis(List<Pass> passes, int n, int inner, int outer, int elemStride, int outerStride) {
        List<Integer> radices = radices(n);
        int ns = 1;
        for (int i = 0; i < radices.size(); i++) {
            int radix = radices.get(i);
            passes.add(new Pass(n, radix, ns, inner, outer, elemStride, outerStride,
                    i == 0 ? n / 2 : 0, i == radices.size() - 1 ? n / 2 : 0));
            ns *= radix;
        }
    }

    /**
     * The radices of n, in pass order: as many 8s as the power of two allows, a 4 or a 2 for the
     * rest of it, then 3, 5, 7 and any larger primes, ascending. Empty for n = 1.
     */
    static List<Integer> radices(int n) {
        List<Integer> radices = new ArrayList<>();
        int rest = n;
        int twos = Integer.numberOfTrailingZeros(rest);
        rest >>= twos;
        for (; twos >= 3; twos -= 3) {
            radices.add(8);
        }
        if (twos > 0) {
            radices.add(1 << twos);
        }
        for (int p = 3; (long) p * p <= rest; p += 2) {
            while (rest % p == 0) {
                radices.add(p);
                rest /= p;
            }
        }
        if (rest > 1) {
            radices.add(rest);
        }
        return radices;
    }
}
