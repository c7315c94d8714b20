package dev.claritas.tensor;

import dev.claritas.tensor.spi.Conv3dParams;
import dev.claritas.tensor.spi.ConvParams;
import dev.claritas.tensor.spi.Distribution;
import dev.claritas.tensor.spi.Pool3dParams;
import dev.claritas.tensor.spi.PoolParams;
import dev.claritas.tensor.spi.UpsampleMode;
import java.util.Arrays;
import java.util.List;

/**
 * The ops that take several tensors or many parameters, PyTorch's {@code torch.*} and
 * {@code torch.nn.functional.*} functions of the same names. Every op here is differentiable in its
 * floating-point tensor arguments.
 */
public final class Ops {
    private Ops() {}

    // ---- selection and joining --------------------------------------------------------------------

    /** {@code cond ? x : y} elementwise, with broadcasting. */
    public static Tensor where(Tensor cond, Tensor x, Tensor y) {
        return ElementwiseOps.where(cond, x, y);
    }

    /** Concatenates along an existing dimension. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return IndexOps.cat(tensors, dim);
    }

    /** Stacks equally shaped tensors along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return IndexOps.stack(tensors, dim);
    }

    /** Views of pieces of {@code size} along {@code dim} (the last may be smaller). */
    public static List<Tensor> split(Tensor x, int size, int dim) {
        return IndexOps.split(x, size, dim);
    }

    /** Views of pieces with the given sizes along {@code dim}. */
    public static List<Tensor> split(Tensor x, int[] sections, int dim) {
        return IndexOps.split(x, sections, dim);
    }

    /** {@code chunks} views along {@code dim}, as PyTorch's {@code chunk}. */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        return IndexOps.chunk(x, chunks, dim);
    }

    /** The entries of {@code src} at int64 positions {@code index} (1-D) along {@code dim}. */
    public static Tensor indexSelect(Tensor src, int dim, Tensor index) {
        return IndexOps.indexSelect(src, dim, index);
    }

    /** PyTorch's {@code gather}: {@code out[i][j] = src[i][index[i][j]]} for dim 1. */
    public static Tensor gather(Tensor src, int dim, Tensor index) {
        return IndexOps.gather(src, dim, index);
    }

    /** PyTorch's out-of-place {@code scatter_add}. */
    public static Tensor scatterAdd(Tensor input, int dim, Tensor index, Tensor src) {
        return IndexOps.scatterAdd(input, dim, index, src);
    }

    /** Pads the trailing dimensions; {@code pad} is (left, right, top, bottom, ...) as PyTorch's {@code F.pad}. */
    public static Tensor pad(Tensor x, int[] pad, PadMode mode, double value) {
        return IndexOps.pad(x, pad, mode, value);
    }

    // ---- normalisation ----------------------------------------------------------------------------------

    /**
     * x standardised over {@code dims} with its own statistics, as batch, instance, group and layer
     * normalisation do in training: {@code (x − mean) / √(var + eps)}, var the biased variance.
     *
     * @param normalized the standardised x (times weight plus bias where given), differentiable with
     *                   respect to x (and weight and bias)
     * @param mean the mean over dims, kept as size-1 dimensions, outside autograd
     * @param var the biased variance over dims, kept likewise, outside autograd
     */
    public record Standardized(Tensor normalized, Tensor mean, Tensor var) {}

    /** {@link Standardized x standardised} over {@code dims}, one autograd node with a closed-form gradient. */
    public static Standardized standardize(Tensor x, int[] dims, double eps) {
        return NormOps.standardize(x, dims, eps);
    }

    /**
     * {@link Standardized x standardised} over {@code dims}, then scaled and shifted: {@code x̂·weight +
     * bias}, where weight and bias hold one value per element of the kept (not normalised) dims, in
     * any shape of that many elements — for batch normalisation of [N, C, ...], dims {0, 2, ...} and
     * weight and bias [C]. One autograd node over x, weight and bias where the backend's kernel
     * applies (it then takes no passes of its own for the affine); composed otherwise.
     */
    public static Standardized standardize(Tensor x, int[] dims, double eps, Tensor weight, Tensor bias) {
        return NormOps.standardize(x, dims, eps, weight, bias);
    }

    // ---- convolution, pooling, resampling -----------------------------------------------------------

    /**
     * 2-D cross-correlation of x [N, C, H, W] with weight [O, C/groups, kH, kW] and an optional bias [O].
     * {@code stride}, {@code padding} and {@code dilation} are (h, w) pairs.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        ConvParams p = new ConvParams(stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups, 0, 0);
        return ConvOps.conv(x, weight, bias, p);
    }

    /** 2-D convolution with equal stride and padding on both axes, no dilation, one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.conv(x, weight, bias, ConvParams.of(stride, padding));
    }

    /**
     * Transposed 2-D convolution of x [N, C, H, W] with weight [C, O/groups, kH, kW], optional bias [O];
     * (h, w) pairs for stride, padding, output padding and dilation.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        ConvParams p = new ConvParams(stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups,
                outputPadding[0], outputPadding[1]);
        return ConvOps.convTranspose(x, weight, bias, p);
    }

    /**
     * 3-D cross-correlation of x [N, C, D, H, W] with weight [O, C/groups, kD, kH, kW] and an optional
     * bias [O]. {@code stride}, {@code padding} and {@code dilation} are (d, h, w) triples.
     */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return ConvOps.conv(x, weight, bias, Conv3dParams.of(stride, padding, dilation, groups, new int[3]));
    }

    /** 3-D convolution with equal stride and padding on every axis, no dilation, one group. */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.conv(x, weight, bias, Conv3dParams.of(stride, padding));
    }

    /**
     * Transposed 3-D convolution of x [N, C, D, H, W] with weight [C, O/groups, kD, kH, kW], optional
     * bias [O]; (d, h, w) triples for stride, padding, output padding and dilation.
     */
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return ConvOps.convTranspose(x, weight, bias, Conv3dParams.of(stride, padding, dilation, groups, outputPadding));
    }

    /** Max pooling; (h, w) pairs for kernel, stride and padding. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        return PoolOps.maxPool(x, new PoolParams(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], ceilMode, true));
    }

    /** Max pooling with a square kernel whose stride equals its size. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, false);
    }

    /** Average pooling; (h, w) pairs for kernel, stride and padding. */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return PoolOps.avgPool(x, new PoolParams(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], ceilMode, countIncludePad));
    }

    /** Average pooling with a square kernel whose stride equals its size. */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, false, true);
    }

    /** Max pooling of [N, C, D, H, W]; (d, h, w) triples for kernel, stride and padding. */
    public static Tensor maxPool3d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        return PoolOps.maxPool(x, Pool3dParams.of(kernel, stride, padding, ceilMode, true));
    }

    /** Max pooling of [N, C, D, H, W] with a cubic kernel whose stride equals its size. */
    public static Tensor maxPool3d(Tensor x, int kernel) {
        int[] k = {kernel, kernel, kernel};
        return maxPool3d(x, k, k, new int[3], false);
    }

    /** Average pooling of [N, C, D, H, W]; (d, h, w) triples for kernel, stride and padding. */
    public static Tensor avgPool3d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return PoolOps.avgPool(x, Pool3dParams.of(kernel, stride, padding, ceilMode, countIncludePad));
    }

    /** Average pooling of [N, C, D, H, W] with a cubic kernel whose stride equals its size. */
    public static Tensor avgPool3d(Tensor x, int kernel) {
        int[] k = {kernel, kernel, kernel};
        return avgPool3d(x, k, k, new int[3], false, true);
    }

    /** Resizes [N, C, H, W] to [N, C, outH, outW] (PyTorch's {@code F.interpolate} with {@code size}). */
    public static Tensor interpolate(Tensor x, int outH, int outW, UpsampleMode mode, boolean alignCorners) {
        return PoolOps.interpolate(x, outH, outW, mode, alignCorners);
    }

    // ---- Fourier ---------------------------------------------------------------------------------------

    /** Centred orthonormal 2-D FFT over [..., H, W, 2] complex data (fastMRI's {@code fft2c}). */
    public static Tensor fft2c(Tensor x) {
        return FourierOps.fft2c(x, false);
    }

    /** The inverse of {@link #fft2c} (fastMRI's {@code ifft2c}). */
    public static Tensor ifft2c(Tensor x) {
        return FourierOps.fft2c(x, true);
    }

    // ---- random ----------------------------------------------------------------------------------------

    /** Uniform on [low, high). */
    public static Tensor uniform(int[] shape, double low, double high, DType dtype, Device device, Generator gen) {
        return RandomOps.uniform(shape, low, high, dtype, device, gen);
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(int[] shape, double mean, double std, DType dtype, Device device, Generator gen) {
        return RandomOps.normal(shape, mean, std, dtype, device, gen);
    }

    /** 1 with probability p, else 0, in the given (floating or bool) dtype. */
    public static Tensor bernoulli(int[] shape, double p, DType dtype, Device device, Generator gen) {
        return RandomOps.draw(Distribution.BERNOULLI, shape, p, 0, dtype, device, gen);
    }

    // ---- losses ----------------------------------------------------------------------------------------

    /** Mean squared error (reduction "mean"). */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        checkSameShape("mse_loss", input, target);
        Tensor d = input.sub(target);
        return d.mul(d).mean();
    }

    /** Mean absolute error (reduction "mean"). */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        checkSameShape("l1_loss", input, target);
        return input.sub(target).abs().mean();
    }

    // ---- checks shared by the ops -------------------------------------------------------------------

    static void checkSameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new ShapeMismatchException(op + ": dtypes differ: " + a.describe() + " and " + b.describe()
                    + "; convert one with to(DType)");
        }
    }

    static void checkSameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new ShapeMismatchException(op + ": tensors are on different devices: " + a.describe() + " on " + a.device()
                    + " and " + b.describe() + " on " + b.device() + "; move one with to(Device)");
        }
    }

    static void checkSameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.dims(), b.dims())) {
            throw new ShapeMismatchException(op + ": input " + a.describe() + " and target " + b.describe() + " must have one shape");
        }
    }
}
