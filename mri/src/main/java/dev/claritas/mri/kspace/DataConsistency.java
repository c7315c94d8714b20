package dev.claritas.mri.kspace;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * Data consistency: making a network's k-space prediction agree with the lines that were measured.
 * Both forms are differentiable in the prediction and the measurement, and the soft form in its weight.
 * The mask is anything broadcastable against the k-space, e.g. fastMRI's {@code [1, ..., W, 1]} or a
 * 2-D {@code [H, W, 1]} one; non-zero entries mark the sampled positions.
 */
public final class DataConsistency {
    private DataConsistency() {}

    /**
     * Hard data consistency: the measured values where sampled, the prediction elsewhere,
     * {@code where(mask, measured, predicted)}. The gradient reaches the prediction only at unsampled
     * positions and the measurement only at sampled ones.
     */
    public static Tensor hard(Tensor predictedKspace, Tensor measuredKspace, Tensor mask) {
        return Ops.where(sampled(mask), measuredKspace, predictedKspace);
    }

    /**
     * Soft data consistency, E2E-VarNet's {@code VarNetBlock} term:
     * {@code pred − weight · where(mask, pred − measured, 0)}. {@code weight} is a learnable tensor
     * (VarNet's {@code dc_weight}, one element initialised to 1) broadcast against the k-space; weight 1
     * gives the hard form's values at sampled positions, weight 0 leaves the prediction unchanged.
     */
    public static Tensor soft(Tensor predictedKspace, Tensor measuredKspace, Tensor mask, Tensor weight) {
        Tensor residual = predictedKspace.sub(measuredKspace);
        // where, not a multiplication by the mask: a non-finite residual at an unsampled position stays out
        Tensor sampledResidual = Ops.where(sampled(mask), residual, residual.zerosLike());
        return predictedKspace.sub(sampledResidual.mul(weight));
    }

    private static Tensor sampled(Tensor mask) {
        return mask.dtype() == DType.BOOL ? mask : mask.to(DType.BOOL);
    }
}
