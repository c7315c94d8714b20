/* dtypes: float double
 * Passes of a Stockham auto-sort mixed-radix FFT along one axis of a batch of complex images
 * (interleaved re, im), for the centred orthonormal 2-D FFT (GpuFft.java). A length-n axis is
 * transformed by one pass per radix R of n = R_1 R_2 ...; ns is the product of the radices of the
 * passes before. Pass (R, ns) reads the R points j + r n/R of each line (r = 0..R-1), multiplies
 * point r by the twiddle w^(r k n/(ns R)) with k = j mod ns and w = exp(-2 pi i / n), does an
 * R-point DFT and writes output q to (j - k) R + k + q ns: after the last pass the line holds its
 * DFT in natural order, with no bit reversal.
 *
 * Centring is folded into the index maps: the first pass of an axis loads logical point i from
 * (i + n/2) mod n (ifftshift) and the last stores logical point k at (k + n/2) mod n (fftshift),
 * which holds for odd n too. The inverse is conj(fft(conj(x))): the caller negates imaginary parts
 * on the first load and on the last store (in_im, out_im), and passes the 1/sqrt(HW) scale to the
 * last store. Twiddles come from a table of the n roots w^e, computed in double on the host.
 *
 * Lines: point i of line (outer o, inner c) is complex element o*outer_stride + c + i*elem_stride.
 * Threads are numbered with c fastest, so the column passes (inner = W) are coalesced across
 * columns; the row passes (inner = 1) number butterflies fastest, consecutive in memory. Thread
 * numbers fit in int (at most numel/2 threads), so they are split with 32-bit divisions, which
 * GPUs do much faster than 64-bit ones. */

typedef struct {
    T re;
    T im;
} Cx;

/* The geometry of one pass (the Java side passes it as an int struct in this order). */
typedef struct {
    int n;            /* length of the transformed axis */
    int ns;           /* product of the radices of this axis's earlier passes */
    int inner;        /* lines adjacent in memory: W for a column pass, 1 for a row pass */
    int outer;        /* groups of lines: images (column pass) or rows of all images (row pass) */
    int elem_stride;  /* complex elements between consecutive points of a line */
    int outer_stride; /* complex elements between consecutive groups of lines */
    int shift_in;     /* n/2 on the axis's first pass (ifftshift on load), else 0 */
    int shift_out;    /* n/2 on the axis's last pass (fftshift on store), else 0 */
} FftPass;

DEVICE Cx cx(T re, T im) {
    Cx v;
    v.re = re;
    v.im = im;
    return v;
}

DEVICE Cx cadd(Cx a, Cx b) {
    return cx(a.re + b.re, a.im + b.im);
}

DEVICE Cx csub(Cx a, Cx b) {
    return cx(a.re - b.re, a.im - b.im);
}

DEVICE Cx cmul(Cx a, Cx b) {
    return cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}

/* a - i b and a + i b: the two outputs of each symmetric pair of an odd-radix DFT. */
DEVICE Cx sub_i(Cx a, Cx b) {
    return cx(a.re + b.im, a.im - b.re);
}

DEVICE Cx add_i(Cx a, Cx b) {
    return cx(a.re - b.im, a.im + b.re);
}

DEVICE Cx cscale(Cx a, T s) {
    return cx(a.re * s, a.im * s);
}

DEVICE Cx twiddle(GLOBAL const T* tw, int e) {
    return cx(tw[2 * e], tw[2 * e + 1]);
}

/* Point i of the line starting at complex element base, through the ifftshift map; im times in_im. */
DEVICE Cx load_point(GLOBAL const T* src, int src_off, long base, int i, FftPass p, T in_im) {
    int at = i + p.shift_in;
    if (at >= p.n) {
        at -= p.n;
    }
    long e = src_off + 2 * (base + (long) at * p.elem_stride);
    return cx(src[e], src[e + 1] * in_im);
}

/* Stores v (scaled by out_re, out_im) as output point k through the fftshift map. */
DEVICE void store_point(GLOBAL T* dst, int dst_off, long base, int k, FftPass p, Cx v, T out_re, T out_im) {
    int at = k + p.shift_out;
    if (at >= p.n) {
        at -= p.n;
    }
    long e = dst_off + 2 * (base + (long) at * p.elem_stride);
    dst[e] = v.re * out_re;
    dst[e + 1] = v.im * out_im;
}

/* ---- butterflies: in-place forward DFTs of R points, w = exp(-2 pi i / R) ------------------ */

DEVICE void dft2(Cx* v) {
    Cx a = v[0];
    v[0] = cadd(a, v[1]);
    v[1] = csub(a, v[1]);
}

DEVICE void dft3(Cx* v) {
    const T c = (T) -0.5;
    const T s = (T) 0.86602540378443864676;
    Cx t = cadd(v[1], v[2]);
    Cx d = cscale(csub(v[1], v[2]), s);
    Cx u = cadd(v[0], cscale(t, c));
    v[0] = cadd(v[0], t);
    v[1] = sub_i(u, d);
    v[2] = add_i(u, d);
}

DEVICE void dft4(Cx* v) {
    Cx s02 = cadd(v[0], v[2]);
    Cx d02 = csub(v[0], v[2]);
    Cx s13 = cadd(v[1], v[3]);
    Cx d13 = csub(v[1], v[3]);
    v[0] = cadd(s02, s13);
    v[1] = sub_i(d02, d13);
    v[2] = csub(s02, s13);
    v[3] = add_i(d02, d13);
}

/* Radix 8 as two radix-4 DFTs of the even and odd points, combined with w8^k = exp(-i pi k / 4). */
DEVICE void dft8(Cx* v) {
    const T h = (T) 0.70710678118654752440;
    Cx e[4];
    Cx o[4];
    for (int r = 0; r < 4; r++) {
        e[r] = v[2 * r];
        o[r] = v[2 * r + 1];
    }
    dft4(e);
    dft4(o);
    Cx t1 = cx((o[1].re + o[1].im) * h, (o[1].im - o[1].re) * h);
    Cx t2 = cx(o[2].im, -o[2].re);
    Cx t3 = cx((o[3].im - o[3].re) * h, -(o[3].re + o[3].im) * h);
    v[0] = cadd(e[0], o[0]);
    v[4] = csub(e[0], o[0]);
    v[1] = cadd(e[1], t1);
    v[5] = csub(e[1], t1);
    v[2] = cadd(e[2], t2);
    v[6] = csub(e[2], t2);
    v[3] = cadd(e[3], t3);
    v[7] = csub(e[3], t3);
}

/* Odd radices as pairs: y_k, y_(R-k) = a0 + sum_m cos(2 pi m k / R) (a_m + a_(R-m))
 * -/+ i sum_m sin(2 pi m k / R) (a_m - a_(R-m)). */
DEVICE void dft5(Cx* v) {
    const T c1 = (T) 0.30901699437494742410;
    const T c2 = (T) -0.80901699437494742410;
    const T s1 = (T) 0.95105651629515357212;
    const T s2 = (T) 0.58778525229247312917;
    Cx a0 = v[0];
    Cx p1 = cadd(v[1], v[4]);
    Cx m1 = csub(v[1], v[4]);
    Cx p2 = cadd(v[2], v[3]);
    Cx m2 = csub(v[2], v[3]);
    Cx e1 = cadd(a0, cadd(cscale(p1, c1), cscale(p2, c2)));
    Cx e2 = cadd(a0, cadd(cscale(p1, c2), cscale(p2, c1)));
    Cx o1 = cadd(cscale(m1, s1), cscale(m2, s2));
    Cx o2 = csub(cscale(m1, s2), cscale(m2, s1));
    v[0] = cadd(a0, cadd(p1, p2));
    v[1] = sub_i(e1, o1);
    v[4] = add_i(e1, o1);
    v[2] = sub_i(e2, o2);
    v[3] = add_i(e2, o2);
}

DEVICE void dft7(Cx* v) {
    const T c1 = (T) 0.62348980185873353053;
    const T c2 = (T) -0.22252093395631440429;
    const T c3 = (T) -0.90096886790241912624;
    const T s1 = (T) 0.78183148246802980871;
    const T s2 = (T) 0.97492791218182360702;
    const T s3 = (T) 0.43388373911755812048;
    Cx a0 = v[0];
    Cx p1 = cadd(v[1], v[6]);
    Cx m1 = csub(v[1], v[6]);
    Cx p2 = cadd(v[2], v[5]);
    Cx m2 = csub(v[2], v[5]);
    Cx p3 = cadd(v[3], v[4]);
    Cx m3 = csub(v[3], v[4]);
    Cx e1 = cadd(a0, cadd(cscale(p1, c1), cadd(cscale(p2, c2), cscale(p3, c3))));
    Cx e2 = cadd(a0, cadd(cscale(p1, c2), cadd(cscale(p2, c3), cscale(p3, c1))));
    Cx e3 = cadd(a0, cadd(cscale(p1, c3), cadd(cscale(p2, c1), cscale(p3, c2))));
    Cx o1 = cadd(cscale(m1, s1), cadd(cscale(m2, s2), cscale(m3, s3)));
    Cx o2 = csub(cscale(m1, s2), cadd(cscale(m2, s3), cscale(m3, s1)));
    Cx o3 = cadd(csub(cscale(m1, s3), cscale(m2, s1)), cscale(m3, s2));
    v[0] = cadd(a0, cadd(p1, cadd(p2, p3)));
    v[1] = sub_i(e1, o1);
    v[6] = add_i(e1, o1);
    v[2] = sub_i(e2, o2);
    v[5] = add_i(e2, o2);
    v[3] = sub_i(e3, o3);
    v[4] = add_i(e3, o3);
}

/* ---- one pass of radix R: one thread per butterfly of one line ------------------------------ */

#define FFT_RADIX_PASS(R)                                                                                   \
KERNEL void fft_radix##R(GLOBAL const T* src, int src_off, GLOBAL T* dst, int dst_off, GLOBAL const T* tw,  \
                         FftPass p, T in_im, T out_re, T out_im) {                                          \
    int m = p.n / R;                                                                                        \
    long t = GID(0);                                                                                        \
    if (t >= (long) p.inner * m * p.outer) {                                                                \
        return;                                                                                             \
    }                                                                                                       \
    int c = (int) t % p.inner;                                                                              \
    int rest = (int) t / p.inner;                                                                           \
    int j = rest % m;                                                                                       \
    long base = (long) (rest / m) * p.outer_stride + c;                                                     \
    int k = j % p.ns;                                                                                       \
    int step = k * (p.n / (p.ns * R));                                                                      \
    Cx v[R];                                                                                                \
    for (int r = 0; r < R; r++) {                                                                           \
        v[r] = load_point(src, src_off, base, j + r * m, p, in_im);                                         \
    }                                                                                                       \
    if (k > 0) {                                                                                            \
        for (int r = 1; r < R; r++) {                                                                       \
            v[r] = cmul(v[r], twiddle(tw, r * step));                                                       \
        }                                                                                                   \
    }                                                                                                       \
    dft##R(v);                                                                                              \
    int d = (j - k) * R + k;                                                                                \
    for (int r = 0; r < R; r++) {                                                                           \
        store_point(dst, dst_off, base, d + r * p.ns, p, v[r], out_re, out_im);                             \
    }                                                                                                       \
}

FFT_RADIX_PASS(2)
FFT_RADIX_PASS(3)
FFT_RADIX_PASS(4)
FFT_RADIX_PASS(5)
FFT_RADIX_PASS(7)
FFT_RADIX_PASS(8)

/* ---- any other radix (a prime, however large): one thread per output point ------------------
 * Output q of butterfly j is sum_r x[j + r n/R] w_(ns R)^(r (k + q ns)): R table lookups and
 * multiply-adds, accumulated in double. Without a private array of R points this serves every
 * prime; a prime axis (R = n) makes it the direct O(n^2) DFT. */
KERNEL void fft_generic(GLOBAL const T* src, int src_off, GLOBAL T* dst, int dst_off, GLOBAL const T* tw,
                        FftPass p, int radix, T in_im, T out_re, T out_im) {
    long t = GID(0);
    if (t >= (long) p.inner * p.n * p.outer) {
        return;
    }
    int c = (int) t % p.inner;
    int rest = (int) t / p.inner;
    int d = rest % p.n;
    long base = (long) (rest / p.n) * p.outer_stride + c;
    int k = d % p.ns;
    int q = (d / p.ns) % radix;
    int j = (d / (p.ns * radix)) * p.ns + k;
    int m = p.n / radix;
    int step = (k + q * p.ns) * (p.n / (p.ns * radix));
    int e = 0;
    double re = 0;
    double im = 0;
    for (int r = 0; r < radix; r++) {
        Cx x = load_point(src, src_off, base, j + r * m, p, in_im);
        Cx w = twiddle(tw, e);
        re += (double) x.re * w.re - (double) x.im * w.im;
        im += (double) x.re * w.im + (double) x.im * w.re;
        e += step;
        if (e >= p.n) {
            e -= p.n;
        }
    }
    store_point(dst, dst_off, base, d, p, cx((T) re, (T) im), out_re, out_im);
}
