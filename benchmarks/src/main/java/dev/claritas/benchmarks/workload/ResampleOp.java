package dev.claritas.benchmarks.workload;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.spi.UpsampleMode;

/** The memory-bound resampling ops of the MRI models: 2×2 pooling halves an image, upsampling doubles it. */
public enum ResampleOp {
    MAX_POOL("max") {
        @Override
        Tensor apply(Tensor x) {
            return Ops.maxPool2d(x, 2);
        }
    },
    AVG_POOL("avg") {
        @Override
        Tensor apply(Tensor x) {
            return Ops.avgPool2d(x, 2);
        }
    },
    NEAREST("nearest") {
        @Override
        Tensor apply(Tensor x) {
            return Ops.interpolate(x, 2 * x.size(2), 2 * x.size(3), UpsampleMode.NEAREST, false);
        }
    },
    BILINEAR("bilinear") {
        @Override
        Tensor apply(Tensor x) {
            return Ops.interpolate(x, 2 * x.size(2), 2 * x.size(3), UpsampleMode.BILINEAR, false);
        }
    };

    private final String label;

    ResampleOp(String label) {
        this.label = label;
    }

    /** The op on a [N, C, H, W] batch. */
    abstract Tensor apply(Tensor x);

    /** Output height and width for an input of {@code size}. */
    public int outputSize(int size) {
        return this == MAX_POOL || this == AVG_POOL ? size / 2 : size * 2;
    }

    /** The short name used in benchmark parameters and by the PyTorch worker: max, avg, nearest, bilinear. */
    public String label() {
        return label;
    }

    /** The op of a short name. */
    public static ResampleOp of(String label) {
        for (ResampleOp op : values()) {
            if (op.label.equals(label)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown resampling op '" + label + "' (max, avg, nearest, bilinear)");
    }
}
