package dev.claritas.benchmarks.workload;

import dev.claritas.tensor.MemoryFormat;

/** The layout names the benchmarks share with the PyTorch worker: {@code nchw} and {@code cl} (channels-last). */
public final class Layout {
    private Layout() {}

    public static MemoryFormat parse(String name) {
        return switch (name) {
            case "nchw" -> MemoryFormat.CONTIGUOUS;
            case "cl" -> MemoryFormat.CHANNELS_LAST;
            default -> throw new IllegalArgumentException("layout must be nchw or cl, got '" + name + "'");
        };
    }
}
