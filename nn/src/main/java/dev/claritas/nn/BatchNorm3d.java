package dev.claritas.nn;

/** Batch normalisation of [N, C, D, H, W] volumes, PyTorch's {@code nn.BatchNorm3d}. */
public class BatchNorm3d extends BatchNorm {
    public BatchNorm3d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    public BatchNorm3d(int numFeatures, double eps, double momentum) {
        super(numFeatures, eps, momentum);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 5;
    }

    @Override
    protected String expectedLayout() {
        return "[N, C, D, H, W]";
    }
}
