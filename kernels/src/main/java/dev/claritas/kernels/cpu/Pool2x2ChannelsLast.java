package dev.claritas.kernels.cpu;

import java.util.Arrays;

/**
 * 2×2, stride-2, unpadded average pooling of single-precision channels-last (NHWC) maps and its
 * gradient. A window's
 * four pixels are four runs of c channels, so each output pixel is one pass over c adjacent floats of
 * four input rows, a loop the compiler vectorises. The arithmetic is {@link Pool2x2}'s, element for
 * element (the same order of the four additions, the same scaling, the same zero for pixels outside
 * every window), so the results are bitwise those of the row-major kernels.
 */
final class Pool2x2ChannelsLast {
    private Pool2x2ChannelsLast() {}

    /** out [n, ho, wo, c] = the average of each 2×2 window of x [n, h, wd, c]. */
    static void avgPool(float[] x, float[] out, int n, int c, int h, int wd, int ho, int wo) {
        Parallel.forRange(n * ho, Pool2x2.cost(wo, c), (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int b = row / ho, oy = row % ho;
                int top = (b * h + 2 * oy) * wd * c, bottom = top + wd * c;
                for (int ox = 0, o = row * wo * c; ox < wo; ox++, o += c) {
                    int a0 = top + 2 * ox * c, a1 = a0 + c, b0 = bottom + 2 * ox * c, b1 = b0 + c;
                    for (int k = 0; k < c; k++) {
                        float sum = 0f + x[a0 + k];
                        sum += x[a1 + k];
                        sum += x[b0 + k];
                        sum += x[b1 + k];
                        out[o + k] = sum * 0.25f;
                    }
                }
            }
        });
    }

    /**
     * The gradient of {@link #avgPool}: gradIn [n, h, wd, c] gets a quarter of gradOut [n, ho, wo, c]
     * in each pixel of its window, zero in the pixels of an odd last row or column.
     */
    static void avgPoolBackward(float[] gradOut, float[] gradIn, int n, int c, int h, int wd, int ho, int wo) {
        Parallel.forRange(n * ho, Pool2x2.cost(wo, c), (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int b = row / ho, oy = row % ho;
                int top = (b * h + 2 * oy) * wd * c, bottom = top + wd * c;
                for (int ox = 0, o = row * wo * c; ox < wo; ox++, o += c) {
                    int a0 = top + 2 * ox * c, a1 = a0 + c, b0 = bottom + 2 * ox * c, b1 = b0 + c;
                    for (int k = 0; k < c; k++) {
                        float share = 0f + gradOut[o + k] / 4f;
                        gradIn[a0 + k] = share;
                        gradIn[a1 + k] = share;
                        gradIn[b0 + k] = share;
                        gradIn[b1 + k] = share;
                    }
                }
                Arrays.fill(gradIn, top + 2 * wo * c, top + wd * c, 0f);
                Arrays.fill(gradIn, bottom + 2 * wo * c, bottom + wd * c, 0f);
                if (oy == ho - 1) {
                    Arrays.fill(gradIn, bottom + wd * c, (b + 1) * h * wd * c, 0f);
                }
            }
        });
    }
}
