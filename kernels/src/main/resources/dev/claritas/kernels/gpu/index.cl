/* dtypes: float double long
 * gather and scatter-add along one dimension of strided views, and the index check that runs
 * before them. The host merges the dimensions it can and passes, for the gather, the iteration
 * shape (index's, `axis` being the gathered dimension) and, for the scatter, the shape of the
 * lines: every coordinate but the scattered dimension.
 *
 * Scatter-add is deterministic without atomics: one line is written by one thread or one
 * work-group only, and repeated indices within a line add in index order, as the CPU's sequential
 * loop does, so the sums are the CPU's term for term. */

#define CHECK_GROUP 256
#define SCATTER_GROUP 128

/* A barrier that also makes the work-group's global-memory writes visible to each other. */
#ifdef __CUDACC__
#define BARRIER_GLOBAL() __syncthreads()
#else
#define BARRIER_GLOBAL() barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)
#endif

/* The smallest row-major position e < n whose index lies outside [0, size), or n, per work-group:
 * first[g] for each of the launch's groups (the host takes the minimum). */
KERNEL void first_bad_index(Shape shape, GLOBAL const long* index, Strides is, long size, long n, GLOBAL long* first) {
    LOCAL long best[CHECK_GROUP];
    int t = (int) LID(0);
    long found = n;
    for (long e = GID(0); e < n; e += GSIZE(0)) {
        long k = index[strided_index(shape, is, e)];
        if (k < 0 || k >= size) {
            found = e;   /* a thread's positions only grow: its first is its smallest */
            break;
        }
    }
    best[t] = found;
    BARRIER();
    for (int stride = CHECK_GROUP / 2; stride > 0; stride /= 2) {
        if (t < stride && best[t + stride] < best[t]) {
            best[t] = best[t + stride];
        }
        BARRIER();
    }
    if (t == 0) {
        first[GRP(0)] = best[0];
    }
}

/* dst[e] = src[..., index[e], ...] for dst contiguous over shape; src's stride along axis is
 * taken per index, its other coordinates are e's. */
KERNEL void gather(Shape shape, int axis, GLOBAL const long* index, Strides is, GLOBAL const T* src, Strides ss,
                   GLOBAL T* dst, long n) {
    long e = GID(0);
    if (e >= n) {
        return;
    }
    long at_index = is.offset, at_src = ss.offset;
    long rest = e;
    for (int d = shape.rank - 1; d >= 0; d--) {
        int c = (int) (rest % shape.size[d]);
        rest /= shape.size[d];
        at_index += (long) c * is.stride[d];
        if (d != axis) {
            at_src += (long) c * ss.stride[d];
        }
    }
    dst[e] = src[at_src + index[at_index] * ss.stride[axis]];
}

/* The start of line `line` in each operand. */
DEVICE void line_starts(Shape lines, long line, Strides is, Strides ss, Strides ds, long* at_index, long* at_src,
                        long* at_dst) {
    *at_index = is.offset;
    *at_src = ss.offset;
    *at_dst = ds.offset;
    for (int d = lines.rank - 1; d >= 0; d--) {
        int c = (int) (line % lines.size[d]);
        line /= lines.size[d];
        *at_index += (long) c * is.stride[d];
        *at_src += (long) c * ss.stride[d];
        *at_dst += (long) c * ds.stride[d];
    }
}

/* Short lines: one thread walks a whole line in order. */
KERNEL void scatter_add_per_thread(Shape lines, long line_count, int length, GLOBAL const long* index, Strides is,
                                   int index_step, GLOBAL const T* src, Strides ss, int src_step, GLOBAL T* dst,
                                   Strides ds, int dst_step) {
    long line = GID(0);
    if (line >= line_count) {
        return;
    }
    long at_index, at_src, at_dst;
    line_starts(lines, line, is, ss, ds, &at_index, &at_src, &at_dst);
    for (int i = 0; i < length; i++) {
        long k = index[at_index + (long) i * index_step];
        long to = at_dst + k * dst_step;
        dst[to] = dst[to] + src[at_src + (long) i * src_step];
    }
}

/* Long lines: one work-group per line takes SCATTER_GROUP positions at a time (coalesced loads).
 * Within a chunk the first thread holding each destination adds, in position order, every value
 * of the chunk bound for it: dst[k] + v_a + v_b + ..., the sequential order, and no two threads
 * write one element. Chunks follow each other behind a barrier. */
KERNEL void scatter_add_per_group(Shape lines, int length, GLOBAL const long* index, Strides is, int index_step,
                                  GLOBAL const T* src, Strides ss, int src_step, GLOBAL T* dst, Strides ds,
                                  int dst_step) {
    LOCAL long keys[SCATTER_GROUP];
    LOCAL T values[SCATTER_GROUP];
    int t = (int) LID(0);
    long at_index, at_src, at_dst;
    line_starts(lines, GRP(0), is, ss, ds, &at_index, &at_src, &at_dst);
    for (int base = 0; base < length; base += SCATTER_GROUP) {
        int count = length - base < SCATTER_GROUP ? length - base : SCATTER_GROUP;
        long k = -1;
        if (t < count) {
            k = index[at_index + (long) (base + t) * index_step];
            keys[t] = k;
            values[t] = src[at_src + (long) (base + t) * src_step];
        }
        BARRIER();
        if (t < count) {
            int leads = 1;
            for (int j = 0; j < t; j++) {
                if (keys[j] == k) {
                    leads = 0;
                    break;
                }
            }
            if (leads) {
                long to = at_dst + k * dst_step;
                T acc = dst[to];
                for (int j = t; j < count; j++) {
                    if (keys[j] == k) {
                        acc = acc + values[j];
                    }
                }
                dst[to] = acc;
            }
        }
        BARRIER_GLOBAL();
    }
}
