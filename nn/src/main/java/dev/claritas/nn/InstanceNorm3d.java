package dev.claritas.nn;

/**
 * Instance normalisation of [N, C, D, H, W] volumes, PyTorch's {@code nn.InstanceNorm3d}: every
 * (sample, channel) volume is normalised on its own (see {@link InstanceNorm}); by default no affine
 * parameters and no running statistics.
 */
public class InstanceNorm3d extends InstanceNorm {

    public InstanceNorm3d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, false, false);
    }

    public InstanceNorm3d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected int inputRank() {
        return 5;
    }

    @Override
    protected String expectedLayout() {
        return "[N, C, D, H, W]";
    }
}
