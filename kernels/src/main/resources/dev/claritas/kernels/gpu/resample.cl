/* dtypes: float double
 * 2-D resizing of dense [planes, H, W] arrays with PyTorch's interpolate semantics ('nearest',
 * 'bilinear' with or without align_corners), and its gradients, bit for bit as the CPU backend:
 * source positions are computed in float (double for float64 bilinear) from the scale the host
 * computed, and no multiply-add is fused, so borderline positions pick the CPU's pixels.
 *
 * Forward: one thread per output pixel. Gradients are gathers, one thread per input pixel: it finds
 * the first output row (column) reading it by a binary search over the monotonic source positions,
 * then adds the output gradients that read it in the CPU's order (output rows, then columns, then
 * the taps of one output), so there are no atomics and the sums are the CPU's term for term. */

/* A product of two T that is never fused into a multiply-add, so the rounding is the CPU's. */
#if defined(__CUDACC__) && defined(T_IS_DOUBLE)
#define mul_rn(a, b) __dmul_rn(a, b)
#elif defined(__CUDACC__)
#define mul_rn(a, b) __fmul_rn(a, b)
#else
#pragma OPENCL FP_CONTRACT OFF
#define mul_rn(a, b) ((a) * (b))
#endif

/* The type of bilinear source positions and weights: float for float data, as PyTorch. */
#ifdef T_IS_DOUBLE
typedef double P;
#else
typedef float P;
#endif

/* PyTorch's nearest source: min(floor(i * (float) in / out), in - 1), in float for every dtype. */
DEVICE int nearest_source(int i, float scale, int in) {
    int s = (int) floor((float) i * scale);
    return s < in - 1 ? s : in - 1;
}

/* The bilinear source position of output i: scale*i with align_corners, else the pixel-centre
 * rule max(scale*(i + 0.5) - 0.5, 0). */
DEVICE P linear_position(int i, P scale, int align_corners) {
    if (align_corners) {
        return mul_rn(scale, (P) i);
    }
    P s = mul_rn(scale, (P) i + (P) 0.5) - (P) 0.5;
    return s > 0 ? s : (P) 0;
}

/* The two taps of output i along one axis: pixels *i0 and *i1 (the next one, or i0 again at the
 * last pixel) with weights *w0 and *w1. */
DEVICE void linear_taps(int i, P scale, int align_corners, int in, int* i0, int* i1, P* w0, P* w1) {
    P src = linear_position(i, scale, align_corners);
    int first = (int) src;
    P lambda = src - (P) first;
    lambda = lambda < 0 ? (P) 0 : (lambda > 1 ? (P) 1 : lambda);
    *i0 = first;
    *i1 = first < in - 1 ? first + 1 : first;
    *w0 = (P) 1 - lambda;
    *w1 = lambda;
}

DEVICE int linear_first(int i, P scale, int align_corners) {
    return (int) linear_position(i, scale, align_corners);
}

KERNEL void nearest(int n, int h, int w, int ho, int wo, float scale_h, float scale_w, GLOBAL const T* x, int xo,
                    GLOBAL T* out) {
    int e = (int) GID(0);
    if (e >= n) {
        return;
    }
    int ox = e % wo;
    int rest = e / wo;
    int oy = rest % ho;
    int plane = rest / ho;
    out[e] = x[xo + ((long) plane * h + nearest_source(oy, scale_h, h)) * w + nearest_source(ox, scale_w, w)];
}

/* out = wy0 * (wx0 * x00 + wx1 * x01) + wy1 * (wx0 * x10 + wx1 * x11): the CPU's row blends. */
KERNEL void bilinear(int n, int h, int w, int ho, int wo, int align_corners, P scale_h, P scale_w,
                     GLOBAL const T* x, int xo, GLOBAL T* out) {
    int e = (int) GID(0);
    if (e >= n) {
        return;
    }
    int ox = e % wo;
    int rest = e / wo;
    int oy = rest % ho;
    int plane = rest / ho;
    int r0, r1, c0, c1;
    P wy0, wy1, wx0, wx1;
    linear_taps(oy, scale_h, align_corners, h, &r0, &r1, &wy0, &wy1);
    linear_taps(ox, scale_w, align_corners, w, &c0, &c1, &wx0, &wx1);
    GLOBAL const T* p = x + xo + (long) plane * h * w;
    T b0 = mul_rn((T) wx0, p[r0 * w + c0]) + mul_rn((T) wx1, p[r0 * w + c1]);
    T b1 = mul_rn((T) wx0, p[r1 * w + c0]) + mul_rn((T) wx1, p[r1 * w + c1]);
    out[e] = mul_rn((T) wy0, b0) + mul_rn((T) wy1, b1);
}

/* The first output in [0, out) whose nearest source is at least `target` (out if none). */
DEVICE int nearest_first_reaching(int target, float scale, int in, int out) {
    int lo = 0, hi = out;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (nearest_source(mid, scale, in) >= target) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

/* The first output in [0, out) whose first bilinear tap is at least `target` (out if none). */
DEVICE int linear_first_reaching(int target, P scale, int align_corners, int out) {
    int lo = 0, hi = out;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (linear_first(mid, scale, align_corners) >= target) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

KERNEL void nearest_backward(int n, int h, int w, int ho, int wo, float scale_h, float scale_w,
                             GLOBAL const T* grad_out, int go, GLOBAL T* grad_in) {
    int e = (int) GID(0);
    if (e >= n) {
        return;
    }
    int ix = e % w;
    int rest = e / w;
    int iy = rest % h;
    int plane = rest / h;
    int oy0 = nearest_first_reaching(iy, scale_h, h, ho);
    int ox0 = nearest_first_reaching(ix, scale_w, w, wo);
    GLOBAL const T* g = grad_out + go + (long) plane * ho * wo;
    T acc = 0;
    for (int oy = oy0; oy < ho && nearest_source(oy, scale_h, h) == iy; oy++) {
        for (int ox = ox0; ox < wo && nearest_source(ox, scale_w, w) == ix; ox++) {
            acc += g[oy * wo + ox];
        }
    }
    grad_in[e] = acc;
}

/* The outputs reading input row iy are those whose first tap is iy - 1 (second tap iy) or iy. */
KERNEL void bilinear_backward(int n, int h, int w, int ho, int wo, int align_corners, P scale_h, P scale_w,
                              GLOBAL const T* grad_out, int go, GLOBAL T* grad_in) {
    int e = (int) GID(0);
    if (e >= n) {
        return;
    }
    int ix = e % w;
    int rest = e / w;
    int iy = rest % h;
    int plane = rest / h;
    int oy0 = linear_first_reaching(iy - 1, scale_h, align_corners, ho);
    int ox0 = linear_first_reaching(ix - 1, scale_w, align_corners, wo);
    GLOBAL const T* g = grad_out + go + (long) plane * ho * wo;
    T acc = 0;
    for (int oy = oy0; oy < ho; oy++) {
        int r0, r1;
        P wy0, wy1;
        linear_taps(oy, scale_h, align_corners, h, &r0, &r1, &wy0, &wy1);
        if (r0 > iy) {
            break;
        }
        for (int ox = ox0; ox < wo; ox++) {
            int c0, c1;
            P wx0, wx1;
            linear_taps(ox, scale_w, align_corners, w, &c0, &c1, &wx0, &wx1);
            if (c0 > ix) {
                break;
            }
            T v = g[oy * wo + ox];
            /* the CPU's order within one output: (r0, c0), (r0, c1), (r1, c0), (r1, c1) */
            if (r0 == iy) {
                if (c0 == ix) {
                    acc += mul_rn(mul_rn((T) wy0, (T) wx0), v);
                }
                if (c1 == ix) {
                    acc += mul_rn(mul_rn((T) wy0, (T) wx1), v);
                }
            }
            if (r1 == iy) {
                if (c0 == ix) {
                    acc += mul_rn(mul_rn((T) wy1, (T) wx0), v);
                }
                if (c1 == ix) {
                    acc += mul_rn(mul_rn((T) wy1, (T) wx1), v);
                }
            }
        }
    }
    grad_in[e] = acc;
}
