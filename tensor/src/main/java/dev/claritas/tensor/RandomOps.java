package dev.claritas.tensor;

import dev.claritas.tensor.spi.Distribution;

/** Random tensors from a {@link Generator}; none of them is differentiable. */
final class RandomOps {
    private RandomOps() {}

    static Tensor draw(Distribution dist, int[] shape, double a, double b, DType dtype, Device device, Generator gen) {
        Tensor out = Tensor.empty(shape, dtype, device);
        long offset = gen.reserve(out.numel());
        out.backend().random(dist, out.view(), gen.seed(), offset, a, b);
        return out;
    }

    static Tensor uniform(int[] shape, double low, double high, DType dtype, Device device, Generator gen) {
        return draw(Distribution.UNIFORM, shape, low, high, dtype, device, gen);
    }

    static Tensor normal(int[] shape, double mean, double std, DType dtype, Device device, Generator gen) {
        return draw(Distribution.NORMAL, shape, mean, std, dtype, device, gen);
    }
}
