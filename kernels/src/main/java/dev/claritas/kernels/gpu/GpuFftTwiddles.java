package dev.claritas.kernels.gpu;

import dev.claritas.tensor.DType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Device tables of the n roots of unity {@code exp(-2 pi i e / n)}, e = 0..n-1, as interleaved
 * (re, im) in the transform's precision: computed in double on the host, so each float32 twiddle
 * is correctly rounded, and uploaded once per (device, dtype, n). Every twiddle of every pass of an
 * axis of length n is one of them.
 *
 * <p>The cache keeps the most recently used tables; an evicted one is not closed here, because a
 * caller may still be about to launch with it: its memory goes back to the pool when the last
 * reference is gone.
 */
final class GpuFftTwiddles {
    private GpuFftTwiddles() {}

    /** Tables kept: a model uses a handful of image sizes; a table of n points is 16n bytes at most. */
    private static final int CAPACITY = 32;

    private record Key(GpuRuntime runtime, DType dtype, int n) {}

    private static final Map<Key, GpuStorage> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, GpuStorage> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The table for length n on runtime r, uploaded on first use. */
    static synchronized GpuStorage table(GpuBackend backend, GpuRuntime r, DType dtype, int n) {
        Key key = new Key(r, dtype, n);
        GpuStorage table = CACHE.get(key);
        if (table == null) {
            table = new GpuStorage(backend, r, dtype, 2 * n);
            double[] roots = roots(n);
            if (dtype == DType.FLOAT32) {
                float[] f = new float[roots.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) roots[i];
                }
                r.write(table.handle(), dtype, 0, f, f.length);
            } else {
                r.write(table.handle(), dtype, 0, roots, roots.length);
            }
            CACHE.put(key, table);
        }
        return table;
    }

    /**
     * {@code exp(-2 pi i e / n)} for e = 0..n-1. Each angle is reduced to at most pi/4 by the
     * symmetries of sine and cosine, so the roots are accurate to about an ulp and the ones that
     * are exactly 0 or 1 come out so.
     */
    static double[] roots(int n) {
        double[] out = new double[2 * n];
        for (int e = 0; e < n; e++) {
            // angle 2 pi e / n = (pi/4) * (8e / n): octant o and the remainder within it
            long eight = 8L * e;
            int octant = (int) (eight / n);
            long rem = eight - (long) octant * n;
            double c;
            double s;
            if (octant % 2 == 0) {
                double a = Math.PI / 4 * rem / n;
                c = Math.cos(a);
                s = Math.sin(a);
            } else {
                // the angle is (octant + 1) pi/4 - b with b = (pi/4) (n - rem) / n
                double b = Math.PI / 4 * (n - rem) / n;
                c = Math.sin(b);
                s = Math.cos(b);
            }
            // rotate (c, s), an angle within [0, pi/4] or its mirror in [pi/4, pi/2], by (octant / 2) quarter turns
            double re;
            double im;
            switch (octant / 2) {
                case 0 -> { re = c; im = s; }
                case 1 -> { re = -s; im = c; }
                case 2 -> { re = -c; im = -s; }
                default -> { re = s; im = -c; }
            }
            out[2 * e] = re;
            out[2 * e + 1] = -im;
        }
        return out;
    }
}
