package dev.claritas.benchmarks.workload;

import org.jtransforms.fft.FloatFFT_2D;

/**
 * fastMRI's centred orthonormal 2-D FFT computed with JTransforms, the peer Java FFT. JTransforms
 * has no centring or normalisation, so they are applied the way a user would: for even sizes the
 * shifts are a (-1)^(y+x) sign on input and on output (and a global (-1)^((H+W)/2)), fused into the
 * copies in and out of JTransforms' in-place buffer together with the 1/√(HW) scale.
 */
public final class JTransformsFft2c {
    private final FftShape shape;
    private final FloatFFT_2D fft;
    private final float[] input;
    private final float[] image;

    /** Transforms {@code input} (interleaved floats of {@code shape}, not modified). */
    public JTransformsFft2c(FftShape shape, float[] input) {
        if (shape.height() % 2 != 0 || shape.width() % 2 != 0) {
            throw new IllegalArgumentException("the sign-pattern centring needs even sizes, got " + shape);
        }
        if (input.length != shape.floats()) {
            throw new IllegalArgumentException(input.length + " floats do not hold " + shape);
        }
        this.shape = shape;
        this.fft = new FloatFFT_2D(shape.height(), shape.width());
        this.input = input;
        this.image = new float[2 * shape.height() * shape.width()];
    }

    /** The centred transform of the input, in a new array (as the other implementations allocate their output). */
    public float[] run() {
        int h = shape.height();
        int w = shape.width();
        int imageFloats = image.length;
        float[] out = new float[input.length];
        float scale = (float) (1 / Math.sqrt((double) h * w));
        float outSign = ((h + w) / 2) % 2 == 0 ? scale : -scale;
        for (int b = 0; b < shape.batch(); b++) {
            int base = b * imageFloats;
            modulate(input, base, image, 0, h, w, 1);
            fft.complexForward(image);
            modulate(image, 0, out, base, h, w, outSign);
        }
        return out;
    }

    /** dst = factor · (-1)^(y+x) · src over one h×w complex image. */
    private static void modulate(float[] src, int srcOff, float[] dst, int dstOff, int h, int w, float factor) {
        for (int y = 0; y < h; y++) {
            float f = (y & 1) == 0 ? factor : -factor;
            int row = 2 * y * w;
            for (int x = 0; x < 2 * w; x += 4) { // two complex values per step: signs +f, -f
                dst[dstOff + row + x] = f * src[srcOff + row + x];
                dst[dstOff + row + x + 1] = f * src[srcOff + row + x + 1];
                dst[dstOff + row + x + 2] = -f * src[srcOff + row + x + 2];
                dst[dstOff + row + x + 3] = -f * src[srcOff + row + x + 3];
            }
        }
    }
}
