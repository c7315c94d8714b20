package dev.claritas.tensor.spi;

/**
 * The geometry of pooling over two ({@link PoolParams}) or three ({@link Pool3dParams}) spatial
 * axes, read one axis at a time, so that shape arithmetic is written once for every rank. Axis 0 is
 * the first spatial dimension of [N, C, ...]: H in 2-D, D in 3-D.
 */
public sealed interface SpatialPoolParams permits PoolParams, Pool3dParams {

    /** The number of spatial axes: 2 or 3. */
    int spatialRank();

    int kernel(int axis);

    int stride(int axis);

    int padding(int axis);

    /** Whether a last, partial window is kept (PyTorch's ceil_mode). */
    boolean ceilMode();

    /** The output size along {@code axis} for an input of {@code in} positions (PyTorch's rule). */
    default int outSize(int axis, int in) {
        return PoolParams.outSize(in, kernel(axis), stride(axis), padding(axis), ceilMode());
    }
}
