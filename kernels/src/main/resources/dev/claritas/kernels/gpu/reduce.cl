/* dtypes: float double long
 * Reduces the middle axis of a contiguous [outer, n, inner] array into [outer, inner].
 * Two shapes of launch: one thread per output (short axes), or one work-group of REDUCE_GROUP
 * threads per output that stride over the axis and combine in shared memory (long axes). Both
 * combine in an order fixed by the launch, so results repeat exactly. Float sums accumulate in
 * double, as the CPU backend's do. Max/min: NaN wins, then the first index among equals. */

#define REDUCE_GROUP 256

#ifdef T_IS_FLOAT
typedef double Acc;
#else
typedef T Acc;
#endif

/* Whether (v, i) beats the current best (bv, bi); index -1 marks "nothing yet". */
DEVICE int beats(int is_max, T v, long i, T bv, long bi) {
    if (bi < 0) {
        return 1;
    }
    if (T_ISNAN(bv) || T_ISNAN(v)) {
        return T_ISNAN(v) && (!T_ISNAN(bv) || i < bi);
    }
    if (v == bv) {
        return i < bi;
    }
    return is_max ? v > bv : v < bv;
}

KERNEL void sum_per_thread(long outer, int n, int inner, GLOBAL const T* src, int so, GLOBAL T* dst) {
    long o = GID(0);
    if (o >= outer * inner) {
        return;
    }
    long base = so + (o / inner) * (long) n * inner + o % inner;
    Acc acc = 0;
    for (int j = 0; j < n; j++) {
        acc += src[base + (long) j * inner];
    }
    dst[o] = (T) acc;
}

KERNEL void sum_per_group(int n, int inner, GLOBAL const T* src, int so, GLOBAL T* dst) {
    LOCAL Acc part[REDUCE_GROUP];
    long o = GRP(0);
    int t = (int) LID(0);
    long base = so + (o / inner) * (long) n * inner + o % inner;
    Acc acc = 0;
    for (int j = t; j < n; j += REDUCE_GROUP) {
        acc += src[base + (long) j * inner];
    }
    part[t] = acc;
    BARRIER();
    for (int stride = REDUCE_GROUP / 2; stride > 0; stride /= 2) {
        if (t < stride) {
            part[t] += part[t + stride];
        }
        BARRIER();
    }
    if (t == 0) {
        dst[o] = (T) part[0];
    }
}

/* The extremum of one output's axis (threads stride by `step` starting at `first`). */
DEVICE void extremum_scan(int is_max, GLOBAL const T* src, long base, int n, int inner, int first, int step,
                          T* bv, long* bi) {
    for (int j = first; j < n; j += step) {
        T v = src[base + (long) j * inner];
        if (beats(is_max, v, j, *bv, *bi)) {
            *bv = v;
            *bi = j;
        }
    }
}

/* PICK chooses what is stored: the extremum (MAX, MIN) or its index (ARGMAX, ARGMIN). */
#define PICK_VALUE(v, i) (v)
#define PICK_INDEX(v, i) (i)
#define EXTREMUM_KERNELS(SUFFIX, OUT_T, PICK)                                                       \
KERNEL void extremum_per_thread##SUFFIX(int is_max, long outer, int n, int inner, GLOBAL const T* src, \
                                         int so, GLOBAL OUT_T* dst) {                                  \
    long o = GID(0);                                                                                  \
    if (o >= outer * inner) {                                                                         \
        return;                                                                                       \
    }                                                                                                 \
    long base = so + (o / inner) * (long) n * inner + o % inner;                                      \
    T bv = 0;                                                                                         \
    long bi = -1;                                                                                     \
    extremum_scan(is_max, src, base, n, inner, 0, 1, &bv, &bi);                                       \
    dst[o] = PICK(bv, bi);                                                                            \
}                                                                                                     \
KERNEL void extremum_per_group##SUFFIX(int is_max, int n, int inner, GLOBAL const T* src, int so,      \
                                        GLOBAL OUT_T* dst) {                                           \
    LOCAL T values[REDUCE_GROUP];                                                                     \
    LOCAL long indices[REDUCE_GROUP];                                                                 \
    long o = GRP(0);                                                                                  \
    int t = (int) LID(0);                                                                             \
    long base = so + (o / inner) * (long) n * inner + o % inner;                                      \
    T bv = 0;                                                                                         \
    long bi = -1;                                                                                     \
    extremum_scan(is_max, src, base, n, inner, t, REDUCE_GROUP, &bv, &bi);                            \
    values[t] = bv;                                                                                   \
    indices[t] = bi;                                                                                  \
    BARRIER();                                                                                        \
    for (int stride = REDUCE_GROUP / 2; stride > 0; stride /= 2) {                                          \
        if (t < stride && indices[t + stride] >= 0                                                        \
                && beats(is_max, values[t + stride], indices[t + stride], values[t], indices[t])) {       \
            values[t] = values[t + stride];                                                             \
            indices[t] = indices[t + stride];                                                           \
        }                                                                                             \
        BARRIER();                                                                                    \
    }                                                                                                 \
    if (t == 0) {                                                                                     \
        dst[o] = PICK(values[0], indices[0]);                                                         \
    }                                                                                                 \
}

EXTREMUM_KERNELS(, T, PICK_VALUE)
EXTREMUM_KERNELS(_index, long, PICK_INDEX)
