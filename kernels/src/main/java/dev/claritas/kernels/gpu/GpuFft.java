package dev.claritas.kernels.gpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.spi.View;
import java.util.List;

/**
 * The centred orthonormal 2-D FFT (fastMRI's fft2c / ifft2c): a Stockham auto-sort mixed-radix FFT,
 * one kernel launch per pass per axis ({@link GpuFftPlan}, fft.cl), for any H and W.
 *
 * <p>The passes ping-pong between dst and one scratch buffer, arranged so that the last writes
 * dst; the first reads src where it lies. The centring shifts are index maps inside the first and
 * last pass of each axis. The inverse is {@code conj(fft(conj(x)))}: the first pass negates the
 * imaginary parts it loads and the last those it stores, together with the 1/sqrt(HW) scale.
 */
final class GpuFft {
    private GpuFft() {}

    static void fft2c(GpuRuntime r, View src, View dst, boolean inverse) {
        int[] s = src.shape();
        int h = s[s.length - 3];
        int w = s[s.length - 2];
        int numel = src.numel();
        if (numel == 0) {
            return;
        }
        DType dtype = dst.dtype();
        GpuBackend backend = (GpuBackend) GpuStorage.of(dst).backend();
        List<GpuFftPlan.Pass> passes = GpuFftPlan.passes(h, w, numel / (2 * h * w));
        double scale = 1 / Math.sqrt((double) h * w);
        GpuStorage scratch = passes.size() > 1 ? new GpuStorage(backend, r, dtype, numel) : null;
        try {
            View other = scratch == null ? null : new View(scratch, dst.shape(), dst.strides(), 0);
            View in = src;
            int last = passes.size() - 1;
            for (int i = 0; i <= last; i++) {
                GpuFftPlan.Pass p = passes.get(i);
                View out = (last - i) % 2 == 0 ? dst : other;
                GpuStorage table = GpuFftTwiddles.table(backend, r, dtype, p.n());
                KernelArgs args = new KernelArgs().view(in).view(out)
                        .memory(new View(table, new int[] {2 * p.n()}, new int[] {1}, 0))
                        .struct(p.struct());
                if (p.generic()) {
                    args.i(p.radix());
                }
                args.scalar(dtype, i == 0 && inverse ? -1 : 1)
                        .scalar(dtype, i == last ? scale : 1)
                        .scalar(dtype, i == last ? (inverse ? -scale : scale) : 1);
                r.launch("fft", dtype, p.kernel(), Grid.linear(p.threads()), args);
                in = out;
            }
        } finally {
            if (scratch != null) {
                // Safe while the launches are pending: the queue is in order, so whoever gets the
                // block next from the pool uses it after them.
                scratch.close();
            }
        }
    }
}
