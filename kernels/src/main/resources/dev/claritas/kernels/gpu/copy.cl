/* dtypes: float double long uchar
 * Copies between layouts and dtypes (T is the destination's), and fills. */

#ifdef T_IS_BOOL
#define TO_T(v) ((uchar) ((v) != 0))
#else
#define TO_T(v) ((T) (v))
#endif

#define COPY_FROM(NAME, S)                                                                            \
KERNEL void NAME(Shape shape, GLOBAL const S* src, Strides ss, GLOBAL T* dst, Strides ds, long n) {     \
    long i = GID(0);                                                                                  \
    if (i < n) {                                                                                      \
        dst[strided_index(shape, ds, i)] = TO_T(src[strided_index(shape, ss, i)]);                    \
    }                                                                                                 \
}

COPY_FROM(copy_from_float, float)
COPY_FROM(copy_from_double, double)
COPY_FROM(copy_from_long, long)
COPY_FROM(copy_from_uchar, uchar)

KERNEL void fill(Shape shape, GLOBAL T* dst, Strides ds, double value, long n) {
    long i = GID(0);
    if (i < n) {
        dst[strided_index(shape, ds, i)] = TO_T(value);
    }
}
