package dev.claritas.tensor.spi;

/**
 * The geometry of a convolution over two ({@link ConvParams}) or three ({@link Conv3dParams})
 * spatial axes, read one axis at a time, so that shape arithmetic and backward rules are written
 * once for every rank. Axis 0 is the first spatial dimension of [N, C, ...]: H in 2-D, D in 3-D.
 */
public sealed interface SpatialConvParams permits ConvParams, Conv3dParams {

    /** The number of spatial axes: 2 or 3. */
    int spatialRank();

    int stride(int axis);

    int padding(int axis);

    int dilation(int axis);

    /** Extra output positions at the far end of the axis; only the transposed convolution uses it. */
    int outputPadding(int axis);

    int groups();

    /** These parameters with another output padding, one value per spatial axis. */
    SpatialConvParams withOutputPadding(int... outputPadding);

    /** The convolution's output size along {@code axis} for {@code in} input positions and a kernel of {@code kernel} taps. */
    default int convOut(int axis, int in, int kernel) {
        return ConvParams.convOut(in, kernel, stride(axis), padding(axis), dilation(axis));
    }

    /** The transposed convolution's output size along {@code axis}, output padding included. */
    default int convTransposeOut(int axis, int in, int kernel) {
        return ConvParams.convTransposeOut(in, kernel, stride(axis), padding(axis), dilation(axis), outputPadding(axis));
    }
}
