package dev.claritas.nn;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Batch normalisation over dimension 1 (PyTorch's {@code _BatchNorm}): batch statistics in
 * training (the running variance is updated with the unbiased batch variance), running statistics
 * in evaluation. Weight 1, bias 0, running mean 0 and running variance 1 at first. Subclasses say
 * which input ranks they take.
 */
public abstract class BatchNorm extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer numBatchesTracked;

    protected BatchNorm(int numFeatures, double eps, double momentum) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(numFeatures));
        this.bias = registerParameter("bias", Tensor.zeros(numFeatures));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(new int[0], DType.INT64, Device.CPU));
    }

    /** Whether this layer takes inputs of {@code rank} dimensions. */
    protected abstract boolean acceptsRank(int rank);

    /** The accepted input layouts, for error messages, e.g. "[N, C, H, W]". */
    protected abstract String expectedLayout();

    @Override
    public Tensor forward(Tensor x) {
        if (!acceptsRank(x.rank()) || x.size(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + "): expects input "
                    + expectedLayout() + " with C = " + numFeatures + ", got " + x.shape());
        }
        int[] statsDims = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != 1) {
                statsDims[j++] = i;
            }
        }
        if (isTraining()) {
            int count = x.numel() / numFeatures;
            if (count <= 1) {
                throw new IllegalArgumentException(getClass().getSimpleName()
                        + ": expected more than one value per channel in training, got input " + x.shape());
            }
            // the affine goes into the standardisation's node: on the CPU no passes of its own
            Ops.Standardized batch = Ops.standardize(x, statsDims, eps, weight.value(), bias.value());
            Normalization.updateRunning(runningMean, batch.mean(), momentum);
            Normalization.updateRunning(runningVar, batch.var().mul((double) count / (count - 1)), momentum);
            Normalization.increment(numBatchesTracked);
            return batch.normalized();
        }
        int[] channelShape = Normalization.channelShape(x.rank(), numFeatures);
        Tensor normalized = Normalization.normalize(x, runningMean.value().reshape(channelShape),
                runningVar.value().reshape(channelShape), eps);
        return Normalization.affine(normalized, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + Repr.number(eps) + ", momentum=" + Repr.number(momentum)
                + ", affine=True, track_running_stats=True";
    }
}
