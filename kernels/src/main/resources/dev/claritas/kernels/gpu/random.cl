/* dtypes: float double
 * Counter-based random numbers, the CPU backend's bit for bit: element i of a draw is the
 * SplitMix64 finaliser hash of (seed, offset + i), in 64-bit unsigned arithmetic (Java's wrapping
 * long products and >>> are ulong * and >>), turned into a double and rounded to T at the end.
 * No multiply-add is fused, so the double arithmetic rounds as Java's does; the normal draw still
 * depends on the device's log and cos, which may differ from Java's in the last bit. */

/* A double product that is never fused into a multiply-add, so the rounding is Java's. */
#ifdef __CUDACC__
#define mul_rn(a, b) __dmul_rn(a, b)
#else
#pragma OPENCL FP_CONTRACT OFF
#define mul_rn(a, b) ((a) * (b))
#endif

DEVICE ulong splitmix_mix(ulong z) {
    z = (z ^ (z >> 30)) * (ulong) 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * (ulong) 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

DEVICE ulong counter_hash(ulong seed, ulong counter) {
    return splitmix_mix(seed ^ splitmix_mix(counter + (ulong) 0x9E3779B97F4A7C15UL));
}

/* Uniform on [0, 1) from the top 53 bits: exact, as the integer is below 2^53. */
DEVICE double uniform01(ulong seed, ulong counter) {
    return mul_rn((double) (counter_hash(seed, counter) >> 11), 1.1102230246251565e-16 /* 2^-53 */);
}

/* Box-Muller from the two counters 2c and 2c + 1. */
DEVICE double standard_normal(ulong seed, ulong counter) {
    double u1 = 1.0 - uniform01(seed, 2 * counter);   /* in (0, 1], so the log is finite */
    double u2 = uniform01(seed, 2 * counter + 1);
    return mul_rn(sqrt(mul_rn(-2.0, log(u1))), cos(mul_rn(6.283185307179586 /* 2 pi */, u2)));
}

/* dist: DIST_UNIFORM on [a, b), DIST_NORMAL with mean a and standard deviation b, DIST_BERNOULLI
 * with probability a of 1. */
KERNEL void random_fill(int dist, long seed, long offset, double a, double b, GLOBAL T* dst, int dst_offset, long n) {
    long i = GID(0);
    if (i >= n) {
        return;
    }
    ulong c = (ulong) offset + (ulong) i;
    double v;
    if (dist == DIST_UNIFORM) {
        v = a + mul_rn(b - a, uniform01((ulong) seed, c));
    } else if (dist == DIST_NORMAL) {
        v = a + mul_rn(b, standard_normal((ulong) seed, c));
    } else {
        v = uniform01((ulong) seed, c) < a ? 1.0 : 0.0;
    }
    dst[dst_offset + i] = (T) v;
}
