/* Operation codes: the ordinals of the Java enums of the same names (a test checks they agree). */

/* UnaryOp */
#define UNARY_NEG 0
#define UNARY_ABS 1
#define UNARY_SIGN 2
#define UNARY_EXP 3
#define UNARY_LOG 4
#define UNARY_SQRT 5
#define UNARY_RSQRT 6
#define UNARY_SIN 7
#define UNARY_COS 8
#define UNARY_TANH 9
#define UNARY_SIGMOID 10
#define UNARY_RELU 11
#define UNARY_LEAKY_RELU 12
#define UNARY_GELU 13
#define UNARY_GELU_GRAD 14
#define UNARY_POW 15
#define UNARY_CLAMP 16

/* BinaryOp */
#define BINARY_ADD 0
#define BINARY_SUB 1
#define BINARY_MUL 2
#define BINARY_DIV 3
#define BINARY_POW 4
#define BINARY_MAXIMUM 5
#define BINARY_MINIMUM 6
#define BINARY_RELU_BACKWARD 7
#define BINARY_EQ 8
#define BINARY_NE 9
#define BINARY_LT 10
#define BINARY_LE 11
#define BINARY_GT 12
#define BINARY_GE 13

/* ReduceOp */
#define REDUCE_SUM 0
#define REDUCE_MAX 1
#define REDUCE_MIN 2
#define REDUCE_ARGMAX 3
#define REDUCE_ARGMIN 4

/* Distribution */
#define DIST_UNIFORM 0
#define DIST_NORMAL 1
#define DIST_BERNOULLI 2

/* UpsampleMode */
#define UPSAMPLE_NEAREST 0
#define UPSAMPLE_BILINEAR 1
