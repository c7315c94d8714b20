package dev.claritas.nn;

/** Batch normalisation of [N, C, H, W], PyTorch's {@code nn.BatchNorm2d}. */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum) {
        super(numFeatures, eps, momentum);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    protected String expectedLayout() {
        return "[N, C, H, W]";
    }
}
