package dev.claritas.nn;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Instance normalisation (PyTorch's {@code _InstanceNorm}): every (sample, channel) plane or volume
 * is normalised with its own mean and biased variance over all the dimensions after the channel.
 * By default, as in PyTorch, there are no affine parameters and no running statistics.
 *
 * <p>With {@code trackRunningStats}, training also updates running statistics with the batch
 * average of the instances' means and unbiased variances, and evaluation normalises with them; the
 * {@code num_batches_tracked} buffer exists for the state dict but, as in PyTorch, is not counted.
 * Subclasses say which input rank they take.
 */
public abstract class InstanceNorm extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;

    protected InstanceNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        if (trackRunningStats) {
            this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
            this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
            registerBuffer("num_batches_tracked", Tensor.zeros(new int[0], DType.INT64, Device.CPU));
        } else {
            this.runningMean = null;
            this.runningVar = null;
        }
    }

    /** The input rank this layer takes: 4 for [N, C, H, W], 5 for [N, C, D, H, W]. */
    protected abstract int inputRank();

    /** The accepted input layout, for error messages, e.g. "[N, C, H, W]". */
    protected abstract String expectedLayout();

    @Override
    public Tensor forward(Tensor x) {
        String name = getClass().getSimpleName();
        if (x.rank() != inputRank()) {
            throw new IllegalArgumentException(name + "(" + numFeatures + "): expects input " + expectedLayout()
                    + ", got " + x.shape());
        }
        boolean tracking = runningMean != null;
        if ((weight != null || tracking) && x.size(1) != numFeatures) {
            throw new IllegalArgumentException(name + "(" + numFeatures + "): expects " + numFeatures
                    + " channels, got input " + x.shape());
        }
        int[] instanceDims = new int[x.rank() - 2];
        int count = 1;
        for (int i = 0; i < instanceDims.length; i++) {
            instanceDims[i] = i + 2;
            count *= x.size(i + 2);
        }
        Tensor normalized;
        if (isTraining() || !tracking) {
            if (count <= 1) {
                throw new IllegalArgumentException(name + ": expected more than one spatial element, got input " + x.shape());
            }
            Ops.Standardized instance = Ops.standardize(x, instanceDims, eps);
            if (isTraining() && tracking) {
                Normalization.updateRunning(runningMean, instance.mean().mean(0, false), momentum);
                Normalization.updateRunning(runningVar,
                        instance.var().mul((double) count / (count - 1)).mean(0, false), momentum);
            }
            normalized = instance.normalized();
        } else {
            int[] channelShape = Normalization.channelShape(x.rank(), numFeatures);
            normalized = Normalization.normalize(x, runningMean.value().reshape(channelShape),
                    runningVar.value().reshape(channelShape), eps);
        }
        return Normalization.affine(normalized, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + Repr.number(eps) + ", momentum=" + Repr.number(momentum)
                + ", affine=" + Repr.bool(weight != null) + ", track_running_stats=" + Repr.bool(runningMean != null);
    }
}
