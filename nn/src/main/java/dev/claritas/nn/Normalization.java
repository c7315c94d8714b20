package dev.claritas.nn;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/** Arithmetic the normalisation layers share, composed from tensor ops so autograd differentiates it. */
final class Normalization {
    private Normalization() {}

    /** (x − mean) / √(var + eps) with given statistics (running ones in evaluation), broadcast against x. */
    static Tensor normalize(Tensor x, Tensor mean, Tensor var, double eps) {
        return x.sub(mean).mul(var.add(eps).rsqrt());
    }

    /** x standardised over {@code dims} with its own mean and biased variance, as PyTorch normalises. */
    static Tensor standardize(Tensor x, int[] dims, double eps) {
        return Ops.standardize(x, dims, eps).normalized();
    }

    /**
     * running ← (1 − momentum)·running + momentum·batch, outside autograd. Callers pass the
     * unbiased variance for a running variance, as PyTorch does.
     */
    static void updateRunning(Buffer running, Tensor batch, double momentum) {
        try (var noGrad = GradMode.disable()) {
            running.set(running.value().mul(1 - momentum).add(batch.detach().reshape(running.value().shape().toArray()).mul(momentum)));
        }
    }

    /** Adds one to an int64 counter such as {@code num_batches_tracked}. */
    static void increment(Buffer counter) {
        try (var noGrad = GradMode.disable()) {
            counter.set(counter.value().add(counter.value().onesLike()));
        }
    }

    /** [1, channels, 1, ...] of the given rank: a per-channel tensor's shape for broadcasting over dim 1. */
    static int[] channelShape(int rank, int channels) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = channels;
        return shape;
    }

    /** weight·x + bias per channel (dim 1); both null when the layer has no affine parameters. */
    static Tensor affine(Tensor x, Parameter weight, Parameter bias) {
        if (weight == null) {
            return x;
        }
        int[] shape = channelShape(x.rank(), x.size(1));
        return x.mul(weight.value().reshape(shape)).add(bias.value().reshape(shape));
    }
}
