package dev.claritas.nn;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;

/**
 * Instance normalisation of [N, C, H, W], PyTorch's {@code nn.InstanceNorm2d}: every (sample,
 * channel) plane is normalised with its own mean and biased variance. By default, as in PyTorch,
 * there are no affine parameters and no running statistics (fastMRI's U-Net uses it so).
 *
 * <p>With {@code trackRunningStats}, training also updates running statistics with the batch
 * average of the planes' means and unbiased variances, and evaluation normalises with them; the
 * {@code num_batches_tracked} buffer exists for the state dict but, as in PyTorch, is not counted.
 */
public class InstanceNorm2d extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;

    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, false, false);
    }

    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
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

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("InstanceNorm2d(" + numFeatures + "): expects input [N, C, H, W], got " + x.shape());
        }
        boolean tracking = runningMean != null;
        if ((weight != null || tracking) && x.size(1) != numFeatures) {
            throw new IllegalArgumentException("InstanceNorm2d(" + numFeatures + "): expects " + numFeatures
                    + " channels, got input " + x.shape());
        }
        int[] planeDims = {2, 3};
        Tensor normalized;
        if (isTraining() || !tracking) {
            int count = x.size(2) * x.size(3);
            if (count <= 1) {
                throw new IllegalArgumentException("InstanceNorm2d: expected more than one spatial element, got input " + x.shape());
            }
            Tensor mean = x.mean(planeDims, true);
            Tensor var = x.var(planeDims, 0, true);
            if (isTraining() && tracking) {
                Normalization.updateRunning(runningMean, mean.mean(0, false), momentum);
                Normalization.updateRunning(runningVar, var.mul((double) count / (count - 1)).mean(0, false), momentum);
            }
            normalized = Normalization.normalize(x, mean, var, eps);
        } else {
            int[] channelShape = Normalization.channelShape(4, numFeatures);
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
