/*
 * The kernel dialect: every GPU kernel is written once against these macros and compiles both as
 * OpenCL C (built at run time, this header prepended) and as CUDA C++ (nvcc -x cu -include dialect.h
 * at build time, to PTX). The element type T comes from the build, -DCLARITAS_T=float, double, long
 * or uchar, and is made a typedef here: a macro named T would rewrite CUDA's own headers.
 *
 *   KERNEL void f(...)      a kernel entry point (extern "C" under CUDA, so names are not mangled)
 *   GLOBAL                  qualifier of a pointer into device memory
 *   LOCAL                   qualifier of a work-group (CUDA: block) shared array
 *   BARRIER()               work-group barrier on shared memory
 *   GID(d), LID(d), GRP(d)  global / local / group index in dimension d (0, 1, 2)
 *   LSIZE(d), GSIZE(d)      local size and global size in dimension d
 *   DEVICE                  qualifier of a helper function
 */
#ifdef __CUDACC__

typedef unsigned char uchar;
/* uint and ulong (64-bit unsigned long) come from the host's <sys/types.h>, which CUDA includes */
#define KERNEL extern "C" __global__
#define GLOBAL
#define LOCAL __shared__
#define BARRIER() __syncthreads()
#define DEVICE static __device__ __forceinline__
#define CLARITAS_DIM3(v, d) ((d) == 0 ? (v).x : (d) == 1 ? (v).y : (v).z)
#define LID(d) ((long) CLARITAS_DIM3(threadIdx, d))
#define GRP(d) ((long) CLARITAS_DIM3(blockIdx, d))
#define LSIZE(d) ((long) CLARITAS_DIM3(blockDim, d))
#define GID(d) (GRP(d) * LSIZE(d) + LID(d))
#define GSIZE(d) ((long) CLARITAS_DIM3(gridDim, d) * LSIZE(d))

#else

#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define KERNEL __kernel
#define GLOBAL __global
#define LOCAL __local
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define DEVICE static inline
#define GID(d) ((long) get_global_id(d))
#define LID(d) ((long) get_local_id(d))
#define GRP(d) ((long) get_group_id(d))
#define LSIZE(d) ((long) get_local_size(d))
#define GSIZE(d) ((long) get_global_size(d))

#endif

typedef CLARITAS_T T;

/* NaN test that is false for integer T, so one kernel body serves every dtype. */
#ifdef T_IS_FLOAT
#define T_ISNAN(v) isnan(v)
#else
#define T_ISNAN(v) 0
#endif

/* The most dimensions a strided operand may have after adjacent dimensions are merged. */
#define MAX_RANK 8

/* The sizes of an elementwise launch's iteration space, outermost first. */
typedef struct {
    int rank;
    int size[MAX_RANK];
} Shape;

/* Where one operand's elements are: element (i0, i1, ...) is at offset + i0*stride[0] + ... */
typedef struct {
    int offset;
    int stride[MAX_RANK];
} Strides;

/* The position in memory of element `linear` (row-major over shape) of an operand. */
DEVICE long strided_index(Shape shape, Strides s, long linear) {
    long at = s.offset;
    for (int d = shape.rank - 1; d >= 0; d--) {
        int n = shape.size[d];
        at += (linear % n) * s.stride[d];
        linear /= n;
    }
    return at;
}
