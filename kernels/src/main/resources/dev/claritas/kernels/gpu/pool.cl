/* dtypes: float double
 * Max and average pooling over dense [planes, D, H, W] volumes (2-D pooling is depth 1, with a
 * 1x1x1 window along it), and the average-pooling gradient, with the CPU backend's semantics (and
 * bits): along each axis output o pools input [o*stride - pad, o*stride - pad + kernel) clipped to
 * the input; ceil mode shows only in the output sizes the host passes.
 *
 * One thread per output (forward) or per input element (gradient). The gradient is a gather: each
 * input element sums, in output order, the shares of the windows that contain it, so there are no
 * atomics and the sums are the CPU's, term for term. */

/* Per axis (depth, height, width): the input and output sizes and the window. */
typedef struct {
    int in[3];
    int out[3];
    int kernel_size[3];   /* "kernel" is an OpenCL keyword */
    int stride[3];
    int pad[3];
} PoolGeometry;

/* Output o's window along axis a: input [*lo, *hi); returns the size of the window clipped to the
 * padded input only, the divisor of count_include_pad. */
DEVICE int pool_window(PoolGeometry g, int a, int o, int* lo, int* hi) {
    int start = o * g.stride[a] - g.pad[a];
    int end = start + g.kernel_size[a];
    int padded_end = end < g.in[a] + g.pad[a] ? end : g.in[a] + g.pad[a];
    *lo = start > 0 ? start : 0;
    *hi = end < g.in[a] ? end : g.in[a];
    return padded_end - start;
}

/* The output position (plane, oz, oy, ox) of linear output index e. */
DEVICE void pool_unravel(PoolGeometry g, int e, int* plane, int* oz, int* oy, int* ox) {
    *ox = e % g.out[2];
    e /= g.out[2];
    *oy = e % g.out[1];
    e /= g.out[1];
    *oz = e % g.out[0];
    *plane = e / g.out[0];
}

/* Padding never wins (the CPU starts from -inf with the window's first position as index); a NaN
 * always takes over, so the last NaN is kept; among equal values the first stays. */
KERNEL void max_pool(PoolGeometry g, int n, GLOBAL const T* x, int xo, GLOBAL T* out, GLOBAL long* indices) {
    int e = (int) GID(0);
    if (e >= n) {
        return;
    }
    int plane, oz, oy, ox;
    pool_unravel(g, e, &plane, &oz, &oy, &ox);
    int z0, z1, y0, y1, x0, x1;
    pool_window(g, 0, oz, &z0, &z1);
    pool_window(g, 1, oy, &y0, &y1);
    pool_window(g, 2, ox, &x0, &x1);
    int h = g.in[1], w = g.in[2];
    GLOBAL const T* volume = x + xo + (long) plane * g.in[0] * h * w;
    int best = (z0 * h + y0) * w + x0;
    T top = volume[best];   /* as starting from -inf: a first element of -inf or NaN keeps best */
    for (int iz = z0; iz < z1; iz++) {
        for (int iy = y0; iy < y1; iy++) {
            int line = (iz * h + iy) * w;
            for (int ix = x0; ix < x1; ix++) {
                T v = volume[line + ix];
                if (v > top || isnan(v)) {
                    top = v;
                    best = line + ix;
                }
            }
        }
    }
    out[e] = top;
    indices[e] = best;
}

/* Sums in T in window order, as the CPU does, then divides by the window's count. */
KERNEL void avg_pool(PoolGeometry g, int n, int count_include_pad, GLOBAL const T* x, int xo, GLOBAL T* out) {
    int e = (int) GID(0);
    if (e >= n) {
        return;
    }
    int plane, oz, oy, ox;
    pool_unravel(g, e, &plane, &oz, &oy, &ox);
    int z0, z1, y0, y1, x0, x1;
    int pz = pool_window(g, 0, oz, &z0, &z1);
    int py = pool_window(g, 1, oy, &y0, &y1);
    int px = pool_window(g, 2, ox, &x0, &x1);
    int h = g.in[1], w = g.in[2];
    GLOBAL const T* volume = x + xo + (long) plane * g.in[0] * h * w;
    T sum = 0;
    for (int iz = z0; iz < z1; iz++) {
        for (int iy = y0; iy < y1; iy++) {
            int line = (iz * h + iy) * w;
            for (int ix = x0; ix < x1; ix++) {
                sum += volume[line + ix];
            }
        }
    }
    int divisor = count_include_pad ? pz * py * px : (z1 - z0) * (y1 - y0) * (x1 - x0);
    out[e] = sum / (T) divisor;
}

/* The outputs along axis a whose windows contain input position i: [*first, *last]. Window o
 * contains i exactly when o*stride - pad <= i < o*stride - pad + kernel. */
DEVICE void pool_outputs_containing(PoolGeometry g, int a, int i, int* first, int* last) {
    int s = g.stride[a];
    int reach = i + g.pad[a] - g.kernel_size[a] + 1;   /* o*s >= reach */
    int lo = reach <= 0 ? 0 : (reach + s - 1) / s;
    int hi = (i + g.pad[a]) / s;
    *first = lo;
    *last = hi < g.out[a] - 1 ? hi : g.out[a] - 1;
}

/* One thread per input element: the shares gradOut[o] / divisor(o) of the windows containing it,
 * added in the order (oz, oy, ox) in which the CPU adds them. */
KERNEL void avg_pool_backward(PoolGeometry g, int n, int count_include_pad, GLOBAL const T* grad_out, int go,
                              GLOBAL T* grad_in) {
    int e = (int) GID(0);
    if (e >= n) {
        return;
    }
    int ix = e % g.in[2];
    int rest = e / g.in[2];
    int iy = rest % g.in[1];
    rest /= g.in[1];
    int iz = rest % g.in[0];
    int plane = rest / g.in[0];
    int oz0, oz1, oy0, oy1, ox0, ox1;
    pool_outputs_containing(g, 0, iz, &oz0, &oz1);
    pool_outputs_containing(g, 1, iy, &oy0, &oy1);
    pool_outputs_containing(g, 2, ix, &ox0, &ox1);
    GLOBAL const T* outs = grad_out + go + (long) plane * g.out[0] * g.out[1] * g.out[2];
    T acc = 0;
    for (int oz = oz0; oz <= oz1; oz++) {
        int lo, hi;
        int pz = pool_window(g, 0, oz, &lo, &hi);
        int cz = hi - lo;
        for (int oy = oy0; oy <= oy1; oy++) {
            int py = pool_window(g, 1, oy, &lo, &hi);
            int cy = hi - lo;
            for (int ox = ox0; ox <= ox1; ox++) {
                int px = pool_window(g, 2, ox, &lo, &hi);
                int divisor = count_include_pad ? pz * py * px : cz * cy * (hi - lo);
                acc += outs[(oz * g.out[1] + oy) * g.out[2] + ox] / (T) divisor;
            }
        }
    }
    grad_in[e] = acc;
}
