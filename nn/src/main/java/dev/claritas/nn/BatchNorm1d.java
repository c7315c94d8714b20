package dev.claritas.nn;

/** Batch normalisation of [N, C] or [N, C, L], PyTorch's {@code nn.BatchNorm1d}. */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum) {
        super(numFeatures, eps, momentum);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }

    @Override
    protected String expectedLayout() {
        return "[N, C] or [N, C, L]";
    }
}
