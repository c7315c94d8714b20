package dev.claritas.kernels.cpu;

/**
 * The common 2×2, stride-2, unpadded 2-D pooling (every window whole, inside the input), as row
 * pairs: no window tables, no per-element index arithmetic beyond the two row offsets. Results are
 * bitwise those of {@link Pooling}'s general loops: the same visiting order (top row left to right,
 * then the bottom row), the same NaN rule and first-maximum ties, the same float sums.
 */
final class Pool2x2 {
    private Pool2x2() {}

    /** Whether the general geometry is this one. */
    static boolean applies(int kh, int kw, int sH, int sW, int pH, int pW, int h, int wd, int ho, int wo) {
        return kh == 2 && kw == 2 && sH == 2 && sW == 2 && pH == 0 && pW == 0
                && ho >= 1 && wo >= 1 && 2 * ho <= h && 2 * wo <= wd;
    }

    private static long cost(int ho, int wo) {
        return 4L * ho * wo;
    }

    static void maxPool(float[] x, float[] out, long[] indices, int planes, int h, int wd, int ho, int wo) {
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int line0 = 2 * oy * wd;
                    int r0 = in + line0, r1 = r0 + wd;
                    int o = (plane * ho + oy) * wo;
                    for (int ox = 0; ox < wo; ox++) {
                        int ix = 2 * ox;
                        float m = x[r0 + ix];
                        int best = line0 + ix;
                        float v = x[r0 + ix + 1];
                        if (v > m || v != v) {
                            m = v;
                            best = line0 + ix + 1;
                        }
                        v = x[r1 + ix];
                        if (v > m || v != v) {
                            m = v;
                            best = line0 + wd + ix;
                        }
                        v = x[r1 + ix + 1];
                        if (v > m || v != v) {
                            m = v;
                            best = line0 + wd + ix + 1;
                        }
                        out[o + ox] = m;
                        indices[o + ox] = best;
                    }
                }
            }
        });
    }

    static void maxPool(double[] x, double[] out, long[] indices, int planes, int h, int wd, int ho, int wo) {
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int line0 = 2 * oy * wd;
                    int r0 = in + line0, r1 = r0 + wd;
                    int o = (plane * ho + oy) * wo;
                    for (int ox = 0; ox < wo; ox++) {
                        int ix = 2 * ox;
                        double m = x[r0 + ix];
                        int best = line0 + ix;
                        double v = x[r0 + ix + 1];
                        if (v > m || v != v) {
                            m = v;
                            best = line0 + ix + 1;
                        }
                        v = x[r1 + ix];
                        if (v > m || v != v) {
                            m = v;
                            best = line0 + wd + ix;
                        }
                        v = x[r1 + ix + 1];
                        if (v > m || v != v) {
                            m = v;
                            best = line0 + wd + ix + 1;
                        }
                        out[o + ox] = m;
                        indices[o + ox] = best;
                    }
                }
            }
        });
    }

    /** Average: {@code (((0 + a) + b) + c) + d) / 4}, the general loop's order (0 + -0 is +0). */
    static void avgPool(float[] x, float[] out, int planes, int h, int wd, int ho, int wo) {
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int r0 = in + 2 * oy * wd, r1 = r0 + wd;
                    int o = (plane * ho + oy) * wo;
                    for (int ox = 0; ox < wo; ox++) {
                        int ix = 2 * ox;
                        float sum = 0f + x[r0 + ix];
                        sum += x[r0 + ix + 1];
                        sum += x[r1 + ix];
                        sum += x[r1 + ix + 1];
                        out[o + ox] = sum / 4f;
                    }
                }
            }
        });
    }

    static void avgPool(double[] x, double[] out, int planes, int h, int wd, int ho, int wo) {
        Parallel.forRange(planes, cost(ho, wo), (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int in = plane * h * wd;
                for (int oy = 0; oy < ho; oy++) {
                    int r0 = in + 2 * oy * wd, r1 = r0 + wd;
                    int o = (plane * ho + oy) * wo;
                    for (int ox = 0; ox < wo; ox++) {
                        int ix = 2 * ox;
                        double sum = 0.0 + x[r0 + ix];
                        sum += x[r0 + ix + 1];
                        sum += x[r1 + ix];
                        sum += x[r1 + ix + 1];
                        out[o + ox] = sum / 4.0;
                    }
                }
            }
        });
    }
}
