package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.spi.UpsampleMode;

/**
 * Resizes [N, C, H, W] to a fixed size or by a scale factor, PyTorch's {@code nn.Upsample} with
 * modes "nearest" (the default; PyTorch's legacy nearest, source index ⌊dst·in/out⌋) and
 * "bilinear" (with or without {@code align_corners}).
 *
 * <p>With a scale factor the output size is ⌊in·factor⌋, as in PyTorch. PyTorch then samples at
 * positions computed from the factor, which equals sampling by size only when in·factor is whole;
 * {@link Ops#interpolate} takes sizes, so a factor that gives a fractional size is refused rather
 * than resampled slightly differently.
 */
public class Upsample extends Module {
    private final int[] size;
    private final double[] scaleFactor;
    private final UpsampleMode mode;
    private final boolean alignCorners;

    /** Nearest-neighbour upsampling by {@code scaleFactor} on both axes. */
    public Upsample(double scaleFactor) {
        this(scaleFactor, UpsampleMode.NEAREST, false);
    }

    public Upsample(double scaleFactor, UpsampleMode mode, boolean alignCorners) {
        this(new double[] {scaleFactor, scaleFactor}, mode, alignCorners);
    }

    /** Scale factors for (h, w). */
    public Upsample(double[] scaleFactor, UpsampleMode mode, boolean alignCorners) {
        this(null, scaleFactor.clone(), mode, alignCorners);
        for (double f : scaleFactor) {
            if (!(f > 0) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("Upsample: scale factors must be positive and finite, got " + f);
            }
        }
    }

    /** A fixed output size (h, w). */
    public Upsample(int[] size, UpsampleMode mode, boolean alignCorners) {
        this(size.clone(), null, mode, alignCorners);
        if (size[0] < 1 || size[1] < 1) {
            throw new IllegalArgumentException("Upsample: size must be positive, got " + Repr.tuple(size));
        }
    }

    private Upsample(int[] size, double[] scaleFactor, UpsampleMode mode, boolean alignCorners) {
        if (alignCorners && mode == UpsampleMode.NEAREST) {
            throw new IllegalArgumentException("Upsample: align_corners can only be set with the interpolating mode bilinear");
        }
        this.size = size;
        this.scaleFactor = scaleFactor;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("Upsample: expects input [N, C, H, W], got " + x.shape());
        }
        if (size != null) {
            return Ops.interpolate(x, size[0], size[1], mode, alignCorners);
        }
        return Ops.interpolate(x, scaled(x.size(2), scaleFactor[0]), scaled(x.size(3), scaleFactor[1]), mode, alignCorners);
    }

    private static int scaled(int in, double factor) {
        double exact = in * factor;
        if (exact != Math.floor(exact)) {
            throw new IllegalArgumentException("Upsample: scale factor " + Repr.number(factor) + " on size " + in + " gives "
                    + Repr.number(exact) + "; only factors giving a whole size are supported: pass a size instead");
        }
        return (int) exact;
    }

    @Override
    protected String extraRepr() {
        String what;
        if (size != null) {
            what = "size=" + Repr.tuple(size);
        } else if (scaleFactor[0] == scaleFactor[1]) {
            what = "scale_factor=" + Repr.number(scaleFactor[0]);
        } else {
            what = "scale_factor=(" + Repr.number(scaleFactor[0]) + ", " + Repr.number(scaleFactor[1]) + ")";
        }
        return what + ", mode=" + mode.name().toLowerCase();
    }
}
