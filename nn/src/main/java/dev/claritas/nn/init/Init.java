package dev.claritas.nn.init;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Weight initialisation in place, PyTorch's {@code torch.nn.init} functions (fan-in mode, the
 * leaky-ReLU gain), drawing from the default {@link Generator}.
 */
public final class Init {
    private Init() {}

    /** Inputs per output: in_channels/groups × kernel area for a conv weight, columns for a matrix. */
    public static int fanIn(Tensor w) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException("fan-in needs a weight of at least 2 dimensions, got " + w.shape());
        }
        int receptive = 1;
        for (int i = 2; i < w.rank(); i++) {
            receptive *= w.size(i);
        }
        return w.size(1) * receptive;
    }

    /** The gain of leaky ReLU with negative slope {@code a}: √(2 / (1 + a²)). */
    public static double leakyReluGain(double a) {
        return Math.sqrt(2 / (1 + a * a));
    }

    /** Fills {@code w} from U(−b, b) with b = gain(a)·√(3 / fan_in): PyTorch's {@code kaiming_uniform_}. */
    public static Tensor kaimingUniform(Tensor w, double a) {
        double bound = leakyReluGain(a) * Math.sqrt(3.0 / fanIn(w));
        return uniform(w, -bound, bound);
    }

    /** Fills {@code w} from N(0, gain(a)² / fan_in): PyTorch's {@code kaiming_normal_}. */
    public static Tensor kaimingNormal(Tensor w, double a) {
        return normal(w, 0, leakyReluGain(a) / Math.sqrt(fanIn(w)));
    }

    /** Fills {@code t} from U(low, high); returns it. */
    public static Tensor uniform(Tensor t, double low, double high) {
        return fill(t, Ops.uniform(t.shape().toArray(), low, high, t.dtype(), t.device(), Generator.defaultGenerator()));
    }

    /** Fills {@code t} from N(mean, std²); returns it. */
    public static Tensor normal(Tensor t, double mean, double std) {
        return fill(t, Ops.normal(t.shape().toArray(), mean, std, t.dtype(), t.device(), Generator.defaultGenerator()));
    }

    private static Tensor fill(Tensor t, Tensor values) {
        try (var noGrad = GradMode.disable()) {
            return t.copyFrom(values);
        }
    }
}
