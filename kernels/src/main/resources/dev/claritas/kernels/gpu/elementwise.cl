/* dtypes: float double long
 * Elementwise kernels over strided operands; outputs are contiguous. Integer tensors get the
 * arithmetic and comparisons; the transcendental functions exist for floating-point T only. */

#ifdef T_IS_FLOAT

/* erf to T's precision: the builtin of both dialects. */
DEVICE T gelu(T x) {
    return (T) 0.5 * x * ((T) 1 + erf(x * (T) 0.70710678118654752440));
}

DEVICE T gelu_grad(T x) {
    return (T) 0.5 * ((T) 1 + erf(x * (T) 0.70710678118654752440))
            + x * (T) 0.39894228040143267794 * exp((T) -0.5 * x * x);
}

DEVICE T clamp_nan(T x, double lo, double hi) {
    if (isnan(x)) {
        return x;
    }
    T y = isnan(lo) ? x : (x < (T) lo ? (T) lo : x);
    return isnan(hi) ? y : (y > (T) hi ? (T) hi : y);
}

DEVICE T apply_unary(int op, T x, double a, double b) {
    switch (op) {
        case UNARY_NEG: return -x;
        case UNARY_ABS: return fabs(x);
        case UNARY_SIGN: return x > 0 ? (T) 1 : x < 0 ? (T) -1 : x;   /* keeps 0, -0 and NaN */
        case UNARY_EXP: return exp(x);
        case UNARY_LOG: return log(x);
        case UNARY_SQRT: return sqrt(x);
        case UNARY_RSQRT: return (T) 1 / sqrt(x);
        case UNARY_SIN: return sin(x);
        case UNARY_COS: return cos(x);
        case UNARY_TANH: return tanh(x);
        case UNARY_SIGMOID: return (T) 1 / ((T) 1 + exp(-x));
        case UNARY_RELU: return x > 0 ? x : (isnan(x) ? x : (T) 0);
        case UNARY_LEAKY_RELU: return x > 0 ? x : x * (T) a;
        case UNARY_GELU: return gelu(x);
        case UNARY_GELU_GRAD: return gelu_grad(x);
        case UNARY_POW: return pow(x, (T) a);
        case UNARY_CLAMP: return clamp_nan(x, a, b);
        default: return x;
    }
}

KERNEL void unary(int op, Shape shape, GLOBAL const T* src, Strides ss, GLOBAL T* dst, long n, double a, double b) {
    long i = GID(0);
    if (i < n) {
        dst[i] = apply_unary(op, src[strided_index(shape, ss, i)], a, b);
    }
}

#define POW(x, y) pow(x, y)

#else

/* integer powers by squaring, exact as long as the result fits */
DEVICE T int_pow(T x, T y) {
    T r = 1;
    for (; y > 0; y >>= 1, x *= x) {
        if (y & 1) {
            r *= x;
        }
    }
    return r;
}
#define POW(x, y) int_pow(x, y)

#endif

DEVICE T apply_binary(int op, T x, T y) {
    switch (op) {
        case BINARY_ADD: return x + y;
        case BINARY_SUB: return x - y;
        case BINARY_MUL: return x * y;
        case BINARY_DIV: return x / y;
        case BINARY_POW: return POW(x, y);
        case BINARY_MAXIMUM: return T_ISNAN(x) ? x : T_ISNAN(y) ? y : (x > y ? x : y);
        case BINARY_MINIMUM: return T_ISNAN(x) ? x : T_ISNAN(y) ? y : (x < y ? x : y);
        case BINARY_RELU_BACKWARD: return y <= 0 ? (T) 0 : x;   /* x the gradient, y relu's output; NaN passes x */
        default: return 0;
    }
}

DEVICE uchar apply_comparison(int op, T x, T y) {
    switch (op) {
        case BINARY_EQ: return x == y;
        case BINARY_NE: return x != y;
        case BINARY_LT: return x < y;
        case BINARY_LE: return x <= y;
        case BINARY_GT: return x > y;
        case BINARY_GE: return x >= y;
        default: return 0;
    }
}

KERNEL void binary(int op, Shape shape, GLOBAL const T* x, Strides xs, GLOBAL const T* y, Strides ys,
                   GLOBAL T* dst, long n) {
    long i = GID(0);
    if (i < n) {
        dst[i] = apply_binary(op, x[strided_index(shape, xs, i)], y[strided_index(shape, ys, i)]);
    }
}

KERNEL void compare(int op, Shape shape, GLOBAL const T* x, Strides xs, GLOBAL const T* y, Strides ys,
                    GLOBAL uchar* dst, long n) {
    long i = GID(0);
    if (i < n) {
        dst[i] = apply_comparison(op, x[strided_index(shape, xs, i)], y[strided_index(shape, ys, i)]);
    }
}

KERNEL void where_cond(Shape shape, GLOBAL const uchar* cond, Strides cs, GLOBAL const T* x, Strides xs,
                   GLOBAL const T* y, Strides ys, GLOBAL T* dst, long n) {
    long i = GID(0);
    if (i < n) {
        dst[i] = cond[strided_index(shape, cs, i)] ? x[strided_index(shape, xs, i)] : y[strided_index(shape, ys, i)];
    }
}
