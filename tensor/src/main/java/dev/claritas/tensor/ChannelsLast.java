package dev.claritas.tensor;

import dev.claritas.tensor.spi.View;
import java.util.Arrays;

/**
 * The channels-last layout of 4-D tensors ({@link MemoryFormat#CHANNELS_LAST}): which tensors are
 * in it, which ops' outputs follow it, and the permuted views through which kernels written for
 * row-major outputs see such a tensor as a contiguous {@code [N, H, W, C]}.
 */
final class ChannelsLast {
    /** From {@code [N, C, H, W]} to the memory order {@code [N, H, W, C]}. */
    private static final int[] TO_MEMORY_ORDER = {0, 2, 3, 1};
    /** From the memory order {@code [N, H, W, C]} back to {@code [N, C, H, W]}. */
    private static final int[] FROM_MEMORY_ORDER = {0, 3, 1, 2};
    /** The dims of {@code [N, C, H, W]} from the innermost in memory out. */
    private static final int[] INNERMOST_FIRST = {1, 3, 2, 0};

    private ChannelsLast() {}

    /** The dense channels-last strides of a 4-D shape. */
    static int[] strides(int[] shape) {
        int c = Math.max(shape[1], 1), h = Math.max(shape[2], 1), w = Math.max(shape[3], 1);
        return new int[] {h * w * c, 1, w * c, c};
    }

    /**
     * Whether the elements lie densely in channels-last order, ignoring the strides of size-1
     * dimensions (PyTorch's {@code is_contiguous(memory_format=torch.channels_last)}).
     */
    static boolean isDense(int[] shape, int[] strides) {
        if (shape.length != 4) {
            return false;
        }
        int expected = 1;
        for (int d : INNERMOST_FIRST) {
            if (shape[d] != 1) {
                if (strides[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return true;
    }

    /**
     * Whether ops should keep {@code t} channels-last: it is dense in that order and its strides are
     * not those of a row-major tensor. A tensor can be dense in both orders (one channel, or a 1×1
     * image); only the strides it was given then say which it is meant to be, as in PyTorch.
     */
    static boolean suggested(Tensor t) {
        // asked of every operand of every elementwise op: read the layout without copying it
        View v = t.view();
        return v.rank() == 4 && isDense(v.shape(), v.strides()) && !hasRowMajorStrides(v.shape(), v.strides());
    }

    /** Whether the strides are exactly those of the row-major layout, size-1 dims included. */
    private static boolean hasRowMajorStrides(int[] shape, int[] strides) {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (strides[d] != expected) {
                return false;
            }
            expected *= Math.max(shape[d], 1);
        }
        return true;
    }

    /** Whether an op with output {@code shape} should write it channels-last: some operand of that shape suggests it. */
    static boolean suggested(int[] shape, Tensor... operands) {
        if (shape.length != 4) {
            return false;
        }
        for (Tensor t : operands) {
            if (Arrays.equals(t.dims(), shape) && suggested(t)) {
                return true;
            }
        }
        return false;
    }

    /** t laid out channels-last when {@code channelsLast}, else row-major: as an op that follows its input's layout reads it. */
    static Tensor contiguous(Tensor t, boolean channelsLast) {
        return t.contiguous(channelsLast ? MemoryFormat.CHANNELS_LAST : MemoryFormat.CONTIGUOUS);
    }

    /** {@code v} in memory order {@code [N, H, W, C]}: contiguous when {@code v} is dense channels-last. */
    static View inMemoryOrder(View v) {
        int[] shape = new int[4], strides = new int[4];
        for (int i = 0; i < 4; i++) {
            shape[i] = v.shape()[TO_MEMORY_ORDER[i]];
            strides[i] = v.strides()[TO_MEMORY_ORDER[i]];
        }
        return new View(v.storage(), shape, strides, v.offset());
    }

    /** {@code v} as a kernel with a row-major output should see it: in memory order when the op runs channels-last. */
    static View kernelView(View v, boolean channelsLast) {
        return channelsLast ? inMemoryOrder(v) : v;
    }

    /** A tensor in memory order {@code [N, H, W, C]} (differentiable view) seen as {@code [N, C, H, W]}. */
    static Tensor fromMemoryOrder(Tensor nhwc) {
        return nhwc.permute(FROM_MEMORY_ORDER);
    }

    /** A channels-last {@code [N, C, H, W]} tensor seen in its memory order {@code [N, H, W, C]} (differentiable view). */
    static Tensor toMemoryOrder(Tensor nchw) {
        return nchw.permute(TO_MEMORY_ORDER);
    }

    /** The dims of an {@code [N, C, H, W]} tensor as dims of its {@code [N, H, W, C]} view, sorted. */
    static int[] dimsInMemoryOrder(int[] dims) {
        int[] mapped = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            mapped[i] = FROM_MEMORY_ORDER[dims[i]];
        }
        Arrays.sort(mapped);
        return mapped;
    }
}
