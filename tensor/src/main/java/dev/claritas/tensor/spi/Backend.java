package dev.claritas.tensor.spi;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import java.util.List;

/**
 * The kernels a device provides: a short vocabulary of forward primitives from which every op and
 * every backward rule is composed. Implementations are found with {@link java.util.ServiceLoader}.
 *
 * <p>Contracts shared by all kernels:
 * <ul>
 *   <li>The tensor layer has already checked shapes, dtypes and devices; kernels do not re-check.
 *   <li>Inputs may be arbitrary strided views (broadcast inputs have stride 0) unless a method says
 *       "contiguous"; outputs ({@code dst}, {@code out}, {@code grad*}) are freshly allocated,
 *       contiguous, start at element 0 of their storage and never alias an input. The exceptions are
 *       {@link #copy}, {@link #fill} and {@link #scatterAdd}, which write into the view they are given,
 *       and {@link #binary}, whose output may be its first input.
 *   <li>Floating-point kernels exist for float32 and float64; index arguments are int64.
 *   <li>Results do not depend on how work is split over threads.
 * </ul>
 */
public interface Backend {

    /** The device type this backend serves, e.g. {@code "cpu"}. */
    String type();

    /** Devices of this type that are usable now; empty when the runtime or hardware is missing. */
    List<Device> devices();

    /** Why {@link #devices()} is empty, for the one line printed when falling back to another backend. */
    default String unavailableReason() {
        return "";
    }

    /**
     * Higher wins when no device is requested: cpu 0, cuda 20, opencl 10 with a GPU (below the CPU
     * backend when its only devices are CPUs, e.g. PoCL). May probe native runtimes and hardware.
     */
    int priority();

    /**
     * Waits until every kernel and copy enqueued on {@code device} has finished. Kernels may run
     * asynchronously (GPU backends); reads to the host wait by themselves, so this is needed only
     * to time work or to overlap it with the host. The CPU backend runs synchronously.
     */
    default void synchronize(Device device) {}

    /**
     * Releases the memory this backend keeps for reuse (the arrays or device blocks of released
     * tensors that it hands to the next allocation of the same size), as PyTorch's
     * {@code torch.cuda.empty_cache()}. Tensors in use are unaffected; later allocations come fresh.
     */
    default void emptyCache() {}

    // ---- memory -------------------------------------------------------------------------------

    /** A new storage of {@code size} zeroed elements. */
    Storage allocate(Device device, DType dtype, int size);

    /**
     * A new storage of {@code size} elements of unspecified value, for an output that a kernel
     * overwrites entirely: recycled memory need not be cleared first. Zeroed by default.
     */
    default Storage allocateUninitialized(Device device, DType dtype, int size) {
        return allocate(device, dtype, size);
    }

    /**
     * A new storage holding a copy of a host array whose Java type matches {@code dtype}: float[],
     * double[], long[] or boolean[].
     */
    Storage fromHost(Device device, DType dtype, Object array);

    /** The elements of {@code src} in row-major order, in a new host array of its dtype's Java type. */
    Object toHost(View src);

    /** {@code dst[i] = (dst.dtype) src[i]}: copies between layouts and converts dtypes. */
    void copy(View src, View dst);

    /** Sets every element of {@code dst} (which may be strided) to {@code value}. */
    void fill(View dst, double value);

    // ---- elementwise --------------------------------------------------------------------------

    /** {@code dst = op(src)}, same dtype. See {@link UnaryOp} for {@code a} and {@code b}. */
    void unary(UnaryOp op, View src, View dst, double a, double b);

    /**
     * {@code dst = op(x, y)}; x, y and dst have one shape (broadcast views); bool dst for comparisons.
     * {@code dst} may also be {@code x} itself when {@code x} is contiguous from element 0 of its
     * storage: an in-place update.
     */
    void binary(BinaryOp op, View x, View y, View dst);

    /** {@code dst = cond ? x : y} with a bool {@code cond}. */
    void where(View cond, View x, View y, View dst);

    // ---- reductions ---------------------------------------------------------------------------

    /**
     * Reduces the middle axis of contiguous {@code src} seen as {@code [outer, n, inner]} into
     * {@code dst} of {@code [outer, inner]} elements.
     */
    void reduce(ReduceOp op, View src, int outer, int n, int inner, View dst);

    // ---- normalisation (optional) --------------------------------------------------------------

    /**
     * Whether this backend implements {@link #standardize} and {@link #standardizeBackward}; where it
     * does not, the tensor layer composes them from reductions and elementwise ops.
     */
    default boolean standardizes() {
        return false;
    }

    /**
     * Standardises contiguous {@code x} seen as {@code [a, c, b]} over its first and last axes, for
     * each of the c channels: {@code mean[ch]}, the biased variance {@code var[ch]}, and
     * {@code xHat = (x − mean) / √(var + eps)}, contiguous like x. The core of batch, instance, group
     * and layer normalisation.
     *
     * <p>With a per-channel affine (batch norm's weight and bias, contiguous [c]) the same pass also
     * writes {@code out = xHat·weight[ch] + bias[ch]}, a multiply then an add as the separate ops
     * round (no fused multiply-add); xHat is still written, for {@link #standardizeBackward}. Without
     * one, {@code weight}, {@code bias} and {@code out} are null.
     */
    default void standardize(View x, int a, int c, int b, double eps, View weight, View bias, View xHat, View out,
                             View mean, View var) {
        throw new UnsupportedOperationException(type() + " does not standardize");
    }

    /**
     * The gradients of {@link #standardize} given g, the gradient of its result, with the sums and
     * means over the first and last axes of each channel of {@code [a, c, b]}:
     * {@code dx = rstd·γ·(g − mean(g) − x̂·mean(g·x̂))}, {@code dWeight[ch] = Σ g·x̂} and
     * {@code dBias[ch] = Σ g}. g and x̂ (the forward's xHat) are contiguous, {@code rstd[ch] = 1/√(var
     * + eps)}, γ is {@code weight[ch]}, or 1 where weight is null (no affine). Each of dx, dWeight
     * and dBias is null when no gradient is wanted for it.
     */
    default void standardizeBackward(View g, View xHat, View rstd, View weight, int a, int c, int b, View dx,
                                     View dWeight, View dBias) {
        throw new UnsupportedOperationException(type() + " does not standardize");
    }

    // ---- linear algebra and convolution --------------------------------------------------------

    /**
     * Batched {@code dst[b] = op(x[b]) · op(y[b])} with {@code dst[b]} of m×n and the inner size k.
     * {@code x} is contiguous as [batch, m, k] (or [batch, k, m] when {@code transX}); likewise
     * {@code y} as [batch, k, n] (or [batch, n, k] when {@code transY}).
     */
    void matmul(View x, View y, View dst, int batch, int m, int k, int n, boolean transX, boolean transY);

    /**
     * Whether {@link #conv2d} (or, when {@code transposed}, {@link #convTranspose2d}) and
     * {@link #conv2dWeightGrad} take channels-last operands for weights of this shape and these
     * parameters. Where they do,
     * the tensor layer may pass the feature maps of a call (x and out; x and gradOut) either all
     * contiguous or all dense channels-last ([N, H, W, C] in memory: strides {@code [H·W·C, 1,
     * W·C, C]}, size-1 dimensions' strides aside); the weights stay contiguous. A call whose maps
     * are all contiguous is a row-major one, whatever else they could be read as.
     */
    default boolean convolvesChannelsLast(DType dtype, int[] weightShape, ConvParams p, boolean transposed) {
        return false;
    }

    /**
     * 2-D cross-correlation: contiguous x [N, C, H, W], w [O, C/groups, kH, kW], out [N, O, Ho, Wo]
     * (x and out channels-last instead where {@link #convolvesChannelsLast} allows).
     */
    void conv2d(View x, View w, View out, ConvParams p);

    /**
     * Transposed 2-D convolution (the adjoint of {@link #conv2d}): contiguous x [N, C, H, W],
     * w [C, O/groups, kH, kW], out [N, O, Ho, Wo] (x and out channels-last instead where
     * {@link #convolvesChannelsLast} allows).
     */
    void convTranspose2d(View x, View w, View out, ConvParams p);

    /**
     * The weight gradient of {@link #conv2d}: {@code gradW[o, c, i, j] = Σ gradOut[n, o, y, x] ·
     * x[n, c', y·s + i·d − p, ...]} over contiguous x [N, C, H, W], gradOut [N, O, Ho, Wo], gradW
     * [O, C/groups, kH, kW] (overwritten); x and gradOut channels-last instead where
     * {@link #convolvesChannelsLast} allows.
     */
    void conv2dWeightGrad(View x, View gradOut, View gradW, ConvParams p);

    /**
     * 3-D cross-correlation: contiguous x [N, C, D, H, W], w [O, C/groups, kD, kH, kW], out
     * [N, O, Do, Ho, Wo]; {@link #conv2d} with a depth axis.
     */
    void conv3d(View x, View w, View out, Conv3dParams p);

    /**
     * Transposed 3-D convolution (the adjoint of {@link #conv3d}): contiguous x [N, C, D, H, W],
     * w [C, O/groups, kD, kH, kW], out [N, O, Do, Ho, Wo].
     */
    void convTranspose3d(View x, View w, View out, Conv3dParams p);

    /**
     * The weight gradient of {@link #conv3d}: {@code gradW[o, c, k, i, j] = Σ gradOut[n, o, z, y, x] ·
     * x[n, c', z·s + k·d − p, ...]} over contiguous x [N, C, D, H, W], gradOut [N, O, Do, Ho, Wo],
     * gradW [O, C/groups, kD, kH, kW] (overwritten).
     */
    void conv3dWeightGrad(View x, View gradOut, View gradW, Conv3dParams p);

    // ---- pooling and resampling ----------------------------------------------------------------

    /**
     * Max pooling over contiguous x [N, C, H, W] into out [N, C, Ho, Wo]; {@code indices} (int64,
     * same shape as out) receives the flat index {@code h*W + w} of each maximum in its plane, or is
     * null when no gradient will be taken (inference need not write them).
     */
    void maxPool2d(View x, View out, View indices, PoolParams p);

    /**
     * Whether {@link #avgPool2d} and {@link #avgPool2dBackward} take channels-last maps of this
     * dtype and input shape [N, C, H, W] with these parameters. Where they do, the tensor layer may
     * pass a call's maps (x and out; gradOut and gradIn) either all contiguous or all dense
     * channels-last, as for {@link #convolvesChannelsLast}.
     */
    default boolean avgPoolsChannelsLast(DType dtype, int[] inputShape, PoolParams p) {
        return false;
    }

    /**
     * Average pooling over contiguous x [N, C, H, W] into out [N, C, Ho, Wo] (both channels-last
     * instead where {@link #avgPoolsChannelsLast} allows).
     */
    void avgPool2d(View x, View out, PoolParams p);

    /**
     * The gradient of {@link #avgPool2d}: contiguous gradOut [N, C, Ho, Wo] into gradIn [N, C, H, W]
     * (overwritten; both channels-last instead where {@link #avgPoolsChannelsLast} allows).
     */
    void avgPool2dBackward(View gradOut, View gradIn, PoolParams p);

    /**
     * Max pooling over contiguous x [N, C, D, H, W] into out [N, C, Do, Ho, Wo]; {@code indices}
     * (int64, same shape as out) receives the flat index {@code d*H*W + h*W + w} of each maximum in
     * its volume, or is null when no gradient will be taken.
     */
    void maxPool3d(View x, View out, View indices, Pool3dParams p);

    /** Average pooling over contiguous x [N, C, D, H, W] into out [N, C, Do, Ho, Wo]. */
    void avgPool3d(View x, View out, Pool3dParams p);

    /** The gradient of {@link #avgPool3d}: contiguous gradOut [N, C, Do, Ho, Wo] into gradIn [N, C, D, H, W] (overwritten). */
    void avgPool3dBackward(View gradOut, View gradIn, Pool3dParams p);

    /** Resizes contiguous x [N, C, H, W] to out [N, C, Ho, Wo] (PyTorch's interpolate). */
    void upsample2d(UpsampleMode mode, boolean alignCorners, View x, View out);

    /** The gradient of {@link #upsample2d}: gradOut [N, C, Ho, Wo] into gradIn [N, C, H, W] (overwritten). */
    void upsample2dBackward(UpsampleMode mode, boolean alignCorners, View gradOut, View gradIn);

    // ---- indexing -----------------------------------------------------------------------------

    /** {@code dst[..., i_dim, ...] = src[..., index[..., i_dim, ...], ...]} (PyTorch's gather); index has dst's shape. */
    void gather(View src, int dim, View index, View dst);

    /** {@code dst[..., index[..., i, ...], ...] += src[..., i, ...]} along {@code dim} (PyTorch's scatter_add_), in place on contiguous dst. */
    void scatterAdd(View dst, int dim, View index, View src);

    // ---- random and FFT -------------------------------------------------------------------------

    /**
     * Fills contiguous dst with draws from {@code dist}. Element i uses counter {@code offset + i}
     * of the stream {@code seed}, so results do not depend on the device or the thread count.
     */
    void random(Distribution dist, View dst, long seed, long offset, double a, double b);

    /**
     * Centred orthonormal 2-D FFT (fastMRI's fft2c; inverse: ifft2c) of contiguous complex src
     * [..., H, W, 2] into dst of the same shape: {@code ifftshift}, FFT over H and W scaled by
     * 1/sqrt(HW), {@code fftshift}.
     */
    void fft2c(View src, View dst, boolean inverse);
}
