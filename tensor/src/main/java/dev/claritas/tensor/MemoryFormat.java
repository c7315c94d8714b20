package dev.claritas.tensor;

/**
 * How a 4-D {@code [N, C, H, W]} tensor's elements lie in memory, as PyTorch's
 * {@code torch.memory_format}. The shape and indexing are the same in both: only the strides differ.
 * Convolutions and the elementwise, normalisation and reduction ops that follow them keep a
 * channels-last input channels-last, so a model fed {@code x.contiguous(MemoryFormat.CHANNELS_LAST)}
 * runs channels-last from layer to layer where the backend's kernels prefer it (the CPU's 3×3
 * convolutions do: channels are then its vector lanes).
 */
public enum MemoryFormat {
    /** Row-major {@code [N, C, H, W]}: strides {@code [C·H·W, H·W, W, 1]}. */
    CONTIGUOUS,
    /** Channels innermost, {@code [N, H, W, C]} in memory: strides {@code [H·W·C, 1, W·C, C]}. */
    CHANNELS_LAST
}
