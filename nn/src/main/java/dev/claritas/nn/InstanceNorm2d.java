package dev.claritas.nn;

/**
 * Instance normalisation of [N, C, H, W], PyTorch's {@code nn.InstanceNorm2d}: every (sample,
 * channel) plane is normalised on its own (see {@link InstanceNorm}). fastMRI's U-Net uses it with
 * the defaults: no affine parameters, no running statistics.
 */
public class InstanceNorm2d extends InstanceNorm {

    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, false, false);
    }

    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected int inputRank() {
        return 4;
    }

    @Override
    protected String expectedLayout() {
        return "[N, C, H, W]";
    }
}
