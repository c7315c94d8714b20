package dev.claritas.nn;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;

/**
 * Batch normalisation over the channels of [N, C, H, W], PyTorch's {@code nn.BatchNorm2d}: batch
 * statistics in training (the running variance is updated with the unbiased batch variance),
 * running statistics in evaluation.
 */
public class BatchNorm2d extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer numBatchesTracked;

    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(numFeatures));
        this.bias = registerParameter("bias", Tensor.zeros(numFeatures));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(new int[0], DType.INT64, Device.CPU));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm2d(" + numFeatures + "): expects input [N, " + numFeatures
                    + ", H, W], got " + x.shape());
        }
        int[] stats = {0, 2, 3};
        Tensor mean, var;
        if (isTraining()) {
            int count = x.numel() / numFeatures;
            if (count <= 1) {
                throw new IllegalArgumentException("BatchNorm2d: expected more than one value per channel in training, got input " + x.shape());
            }
            mean = x.mean(stats, true);
            var = x.var(stats, 0, true);
            try (var noGrad = GradMode.disable()) {
                Tensor unbiased = var.reshape(numFeatures).mul((double) count / (count - 1));
                runningMean.set(runningMean.value().mul(1 - momentum).add(mean.reshape(numFeatures).mul(momentum)));
                runningVar.set(runningVar.value().mul(1 - momentum).add(unbiased.mul(momentum)));
                numBatchesTracked.set(numBatchesTracked.value().add(numBatchesTracked.value().onesLike()));
            }
        } else {
            mean = runningMean.value().reshape(1, numFeatures, 1, 1);
            var = runningVar.value().reshape(1, numFeatures, 1, 1);
        }
        Tensor normalized = x.sub(mean).mul(var.add(eps).rsqrt());
        return normalized.mul(weight.value().reshape(1, numFeatures, 1, 1)).add(bias.value().reshape(1, numFeatures, 1, 1));
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum;
    }
}
