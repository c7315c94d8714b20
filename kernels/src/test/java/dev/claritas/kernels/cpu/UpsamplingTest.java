package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertEachWithin;
import static dev.claritas.kernels.cpu.KernelTestSupport.dot;
import static dev.claritas.kernels.cpu.KernelTestSupport.narrow;
import static dev.claritas.kernels.cpu.KernelTestSupport.randomDoubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UpsamplingTest {
    // ---- expected values from PyTorch 1.13 -----------------------------------------------------------
    // u = torch.arange(1, 25, dtype=torch.float32).reshape(1, 2, 3, 4) ** 1.5
    // g = torch.arange(1, 71, dtype=torch.float32).reshape(1, 2, 5, 7)

    /** u: two 3×4 planes. */
    private static final float[] U = {
            1.0f, 2.828427f, 5.196152f, 8.0f,
            11.18034f, 14.6969385f, 18.52026f, 22.627417f,
            27.0f, 31.622776f, 36.482872f, 41.569218f,
            46.872166f, 52.3832f, 58.09475f, 64.0f,
            70.0928f, 76.36753f, 82.81908f, 89.44272f,
            96.23409f, 103.18915f, 110.30412f, 117.57551f,
    };

    /** F.interpolate(u, size=(5, 7), mode='nearest') */
    private static final float[] NEAREST_5X7 = {
            1.0f, 1.0f, 2.828427f, 2.828427f, 5.196152f, 5.196152f, 8.0f,
            1.0f, 1.0f, 2.828427f, 2.828427f, 5.196152f, 5.196152f, 8.0f,
            11.18034f, 11.18034f, 14.6969385f, 14.6969385f, 18.52026f, 18.52026f, 22.627417f,
            11.18034f, 11.18034f, 14.6969385f, 14.6969385f, 18.52026f, 18.52026f, 22.627417f,
            27.0f, 27.0f, 31.622776f, 31.622776f, 36.482872f, 36.482872f, 41.569218f,
            46.872166f, 46.872166f, 52.3832f, 52.3832f, 58.09475f, 58.09475f, 64.0f,
            46.872166f, 46.872166f, 52.3832f, 52.3832f, 58.09475f, 58.09475f, 64.0f,
            70.0928f, 70.0928f, 76.36753f, 76.36753f, 82.81908f, 82.81908f, 89.44272f,
            70.0928f, 70.0928f, 76.36753f, 76.36753f, 82.81908f, 82.81908f, 89.44272f,
            96.23409f, 96.23409f, 103.18915f, 103.18915f, 110.30412f, 110.30412f, 117.57551f,
    };

    /** F.interpolate(u, size=(2, 3), mode='nearest') */
    private static final float[] NEAREST_2X3 = {
            1.0f, 2.828427f, 5.196152f,
            11.18034f, 14.6969385f, 18.52026f,
            46.872166f, 52.3832f, 58.09475f,
            70.0928f, 76.36753f, 82.81908f,
    };

    /** F.interpolate(u, size=(5, 7), mode='bilinear', align_corners=False) */
    private static final float[] BILINEAR_5X7 = {
            1.0f, 1.6530097f, 2.6978252f, 4.01229f, 5.3964276f, 6.998626f, 8.0f,
            5.0721364f, 5.9663134f, 7.3969965f, 9.050814f, 10.763309f, 12.663407f, 13.850967f,
            11.180341f, 12.436269f, 14.445754f, 16.6086f, 18.813631f, 21.160578f, 22.627419f,
            20.672138f, 22.165104f, 24.553848f, 27.075136f, 29.633163f, 32.31583f, 33.9925f,
            27.0f, 28.650991f, 31.292578f, 34.052826f, 36.846184f, 39.752666f, 41.569218f,
            46.872166f, 48.840393f, 51.989555f, 55.238976f, 58.516556f, 61.890984f, 64.0f,
            56.16042f, 58.237747f, 61.56147f, 64.98071f, 68.42681f, 71.96545f, 74.17709f,
            70.0928f, 72.33377f, 75.919334f, 79.59331f, 83.2922f, 87.07713f, 89.44272f,
            85.77757f, 88.16434f, 91.983154f, 95.88531f, 99.81099f, 103.81801f, 106.32239f,
            96.23409f, 98.71804f, 102.69236f, 106.746635f, 110.82351f, 114.978584f, 117.57551f,
    };

    /** F.interpolate(u, size=(5, 7), mode='bilinear', align_corners=True) */
    private static final float[] BILINEAR_ALIGNED_5X7 = {
            1.0f, 1.9142135f, 2.828427f, 4.0122895f, 5.196152f, 6.598076f, 8.0f,
            6.09017f, 7.426426f, 8.762683f, 10.310444f, 11.858206f, 13.585957f, 15.313708f,
            11.18034f, 12.938639f, 14.6969385f, 16.608599f, 18.52026f, 20.573837f, 22.627417f,
            19.09017f, 21.125013f, 23.159857f, 25.330711f, 27.501566f, 29.799942f, 32.098316f,
            27.0f, 29.311388f, 31.622776f, 34.052826f, 36.482872f, 39.026047f, 41.569218f,
            46.872166f, 49.627686f, 52.3832f, 55.238976f, 58.09475f, 61.047375f, 64.0f,
            58.482483f, 61.428925f, 64.37537f, 67.41614f, 70.45691f, 73.589134f, 76.72136f,
            70.0928f, 73.23016f, 76.36753f, 79.59331f, 82.81908f, 86.1309f, 89.44272f,
            83.163445f, 86.470894f, 89.778336f, 93.16997f, 96.5616f, 100.035355f, 103.50911f,
            96.23409f, 99.711624f, 103.18915f, 106.746635f, 110.30412f, 113.93982f, 117.57551f,
    };

    /** F.interpolate(u, size=(2, 3), mode='bilinear', align_corners=False) */
    private static final float[] BILINEAR_2X3 = {
            3.9201634f, 7.161367f, 11.1352415f,
            23.769457f, 29.691769f, 36.02684f,
            53.62765f, 61.327557f, 69.34654f,
            90.8296f, 99.9583f, 109.3574f,
    };

    /** F.interpolate(u, size=(1, 3), mode='bilinear', align_corners=True) */
    private static final float[] BILINEAR_ALIGNED_1X3 = {
            1.0f, 4.0122895f, 8.0f,
            46.872166f, 55.238976f, 64.0f,
    };

    /** u.requires_grad_(); F.interpolate(u, size=(5, 7), mode='nearest').backward(g); u.grad */
    private static final float[] NEAREST_GRAD = {
            20.0f, 28.0f, 36.0f, 21.0f,
            76.0f, 84.0f, 92.0f, 49.0f,
            59.0f, 63.0f, 67.0f, 35.0f,
            160.0f, 168.0f, 176.0f, 91.0f,
            216.0f, 224.0f, 232.0f, 119.0f,
            129.0f, 133.0f, 137.0f, 70.0f,
    };

    /** u.requires_grad_(); F.interpolate(u, size=(5, 7), mode='bilinear', align_corners=False).backward(g); u.grad */
    private static final float[] BILINEAR_GRAD = {
            11.199998f, 16.3f, 21.55714f, 25.14286f,
            47.699997f, 54.89999f, 60.814274f, 63.38572f,
            73.600006f, 81.30001f, 86.55714f, 87.54288f,
            107.2f, 116.299995f, 121.55713f, 121.142876f,
            155.69997f, 167.39998f, 173.31425f, 171.38574f,
            169.59999f, 181.30002f, 186.55714f, 183.54291f,
    };

    /** u.requires_grad_(); F.interpolate(u, size=(5, 7), mode='bilinear', align_corners=True).backward(g); u.grad */
    private static final float[] BILINEAR_ALIGNED_GRAD = {
            8.25f, 16.0f, 22.0f, 20.25f,
            46.0f, 68.0f, 76.0f, 62.0f,
            60.75f, 86.0f, 92.0f, 72.75f,
            87.0f, 121.0f, 127.0f, 99.0f,
            151.0f, 208.0f, 216.0f, 167.0f,
            139.5f, 191.0f, 197.0f, 151.5f,
    };

    private static final int PLANES = 2;
    private static final int H = 3;
    private static final int W = 4;

    private static float[] nearest(float[] x, int ho, int wo) {
        float[] out = new float[PLANES * ho * wo];
        Upsampling.nearest(x, out, PLANES, H, W, ho, wo);
        return out;
    }

    private static float[] bilinear(float[] x, int ho, int wo, boolean alignCorners) {
        float[] out = new float[PLANES * ho * wo];
        Upsampling.bilinear(x, out, PLANES, H, W, ho, wo, alignCorners);
        return out;
    }

    /** g: the gradient fed to the torch backward cases. */
    private static float[] gradOut() {
        float[] g = new float[PLANES * 5 * 7];
        for (int i = 0; i < g.length; i++) {
            g[i] = i + 1;
        }
        return g;
    }

    @Test
    void nearestMatchesTorch() {
        assertArrayEquals(NEAREST_5X7, nearest(U, 5, 7));
        assertArrayEquals(NEAREST_2X3, nearest(U, 2, 3));
        assertArrayEquals(U, nearest(U, H, W));
    }

    /** PyTorch computes the nearest source in float: floor(dst * (float) in / out), capped at in - 1. */
    @Test
    void nearestSourceIndicesFollowTorchsFloatRule() {
        float[] ramp = new float[10];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        float[] out = new float[7];
        // F.interpolate(torch.arange(10.).reshape(1, 1, 1, 10), size=(1, 7), mode='nearest')
        Upsampling.nearest(ramp, out, 1, 1, 10, 1, 7);
        assertArrayEquals(new float[] {0, 1, 2, 4, 5, 7, 8}, out);
        // ... size=(1, 3)
        out = new float[3];
        Upsampling.nearest(ramp, out, 1, 1, 10, 1, 3);
        assertArrayEquals(new float[] {0, 3, 6}, out);
        // F.interpolate(torch.arange(3.).reshape(1, 1, 1, 3), size=(1, 10), mode='nearest')
        out = new float[10];
        Upsampling.nearest(new float[] {0, 1, 2}, out, 1, 1, 3, 1, 10);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 2, 2, 2}, out);
    }

    @Test
    void bilinearMatchesTorch() {
        assertArrayEquals(BILINEAR_5X7, bilinear(U, 5, 7, false), 2e-5f);
        assertArrayEquals(BILINEAR_ALIGNED_5X7, bilinear(U, 5, 7, true), 2e-5f);
        assertArrayEquals(BILINEAR_2X3, bilinear(U, 2, 3, false), 2e-5f);
        assertArrayEquals(BILINEAR_ALIGNED_1X3, bilinear(U, 1, 3, true), 2e-5f);
        assertArrayEquals(U, bilinear(U, H, W, false));
        assertArrayEquals(U, bilinear(U, H, W, true));
    }

    @Test
    void backwardMatchesTorch() {
        float[] gradIn = new float[U.length];
        Upsampling.nearestBackward(gradOut(), gradIn, PLANES, H, W, 5, 7);
        assertArrayEquals(NEAREST_GRAD, gradIn);
        java.util.Arrays.fill(gradIn, Float.NaN);
        Upsampling.bilinearBackward(gradOut(), gradIn, PLANES, H, W, 5, 7, false);
        assertArrayEquals(BILINEAR_GRAD, gradIn, 1e-4f);
        Upsampling.bilinearBackward(gradOut(), gradIn, PLANES, H, W, 5, 7, true);
        assertArrayEquals(BILINEAR_ALIGNED_GRAD, gradIn, 1e-4f);
    }

    /** {@code <up(x), g> = <x, upBackward(g)>} in double, upsampling, downsampling and to a single pixel. */
    @Test
    void backwardIsTheAdjoint() {
        Random random = new Random(1);
        int[][] sizes = {{5, 7, 11, 3}, {9, 8, 4, 3}, {4, 6, 1, 1}, {1, 5, 3, 10}, {6, 6, 12, 12}};
        for (int[] s : sizes) {
            int h = s[0];
            int w = s[1];
            int ho = s[2];
            int wo = s[3];
            int planes = 3;
            double[] x = randomDoubles(random, planes * h * w);
            double[] g = randomDoubles(random, planes * ho * wo);
            double[] out = new double[g.length];
            double[] gradIn = new double[x.length];

            Upsampling.nearest(x, out, planes, h, w, ho, wo);
            Upsampling.nearestBackward(g, gradIn, planes, h, w, ho, wo);
            assertEquals(dot(out, g), dot(x, gradIn), 1e-12 * x.length, "nearest " + java.util.Arrays.toString(s));
            for (boolean alignCorners : new boolean[] {false, true}) {
                Upsampling.bilinear(x, out, planes, h, w, ho, wo, alignCorners);
                Upsampling.bilinearBackward(g, gradIn, planes, h, w, ho, wo, alignCorners);
                assertEquals(dot(out, g), dot(x, gradIn), 1e-12 * x.length,
                        "bilinear align=" + alignCorners + " " + java.util.Arrays.toString(s));
            }
        }
    }

    /** The float kernels agree with the double ones up to float rounding. */
    @Test
    void floatAgreesWithDouble() {
        Random random = new Random(2);
        int planes = 4;
        int h = 7;
        int w = 5;
        int ho = 13;
        int wo = 9;
        double[] x = randomDoubles(random, planes * h * w);
        double[] g = randomDoubles(random, planes * ho * wo);
        float[] xf = narrow(x);
        float[] gf = narrow(g);
        for (boolean alignCorners : new boolean[] {false, true}) {
            double[] out = new double[g.length];
            float[] outF = new float[g.length];
            Upsampling.bilinear(x, out, planes, h, w, ho, wo, alignCorners);
            Upsampling.bilinear(xf, outF, planes, h, w, ho, wo, alignCorners);
            assertEachWithin(out, outF, 1e-6, "bilinear align=" + alignCorners);
            double[] gradIn = new double[x.length];
            float[] gradInF = new float[x.length];
            Upsampling.bilinearBackward(g, gradIn, planes, h, w, ho, wo, alignCorners);
            Upsampling.bilinearBackward(gf, gradInF, planes, h, w, ho, wo, alignCorners);
            assertEachWithin(gradIn, gradInF, 1e-5, "bilinear backward align=" + alignCorners);
        }
        double[] out = new double[g.length];
        float[] outF = new float[g.length];
        Upsampling.nearest(x, out, planes, h, w, ho, wo);
        Upsampling.nearest(xf, outF, planes, h, w, ho, wo);
        assertArrayEquals(narrow(out), outF);
        double[] gradIn = new double[x.length];
        float[] gradInF = new float[x.length];
        Upsampling.nearestBackward(g, gradIn, planes, h, w, ho, wo);
        Upsampling.nearestBackward(gf, gradInF, planes, h, w, ho, wo);
        assertEachWithin(gradIn, gradInF, 1e-5, "nearest backward");
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> Upsampling.nearest(new float[4], new float[0], 1, 2, 2, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> Upsampling.bilinear(new double[4], new double[5], 1, 2, 2, 2, 3, false));
    }

    // ---- the ×2 fast paths and the vector rows against the scalar loops, bit for bit ----------------

    /** Gaussian values with signed zeros, infinities and NaNs mixed in. */
    private static float[] specialValues(Random random, int size) {
        float[] specials = {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 0f, Float.MIN_VALUE,
                Float.MAX_VALUE};
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextInt(6) == 0 ? specials[random.nextInt(specials.length)] : (float) random.nextGaussian();
        }
        return x;
    }

    /** Equal floats, NaN payloads aside (bit patterns compared through {@link Float#floatToIntBits}). */
    private static void assertSameValues(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToIntBits(expected[i]), a = Float.floatToIntBits(actual[i]);
            if (e != a) {
                assertEquals(Integer.toHexString(e), Integer.toHexString(a), what + " at " + i);
            }
        }
    }

    /**
     * Doubling (×2, the U-Net's case) and a few other sizes: the vector rows and the ×2 paths
     * give the scalar table loops' bits, for row lengths around the vector length (a vector body,
     * the overlapping last step, too short for a step); nearest ×2 and its gradient also against
     * direct loops.
     */
    @Test
    void vectorAndDoublingPathsMatchScalarLoopsBitwise() {
        Random random = new Random(5);
        int planes = 2;
        int[][] sizes = {{1, 1, 2, 2}, {2, 3, 4, 6}, {3, 15, 6, 30}, {2, 16, 4, 32}, {3, 17, 6, 34}, {2, 18, 4, 36},
                {2, 19, 4, 38}, {3, 33, 6, 66}, {2, 40, 4, 80}, {4, 100, 8, 200}, {3, 20, 7, 41}, {5, 9, 3, 17},
                {2, 40, 5, 40}};
        for (int[] s : sizes) {
            int h = s[0], w = s[1], ho = s[2], wo = s[3];
            String shape = h + "x" + w + " -> " + ho + "x" + wo;
            float[] x = specialValues(random, planes * h * w);
            float[] g = specialValues(random, planes * ho * wo);
            boolean doubling = ho == 2 * h && wo == 2 * w;

            float[] expected = new float[planes * ho * wo];
            Upsampling.nearest(x, expected, planes, h, w, ho, wo, false);
            if (doubling) {
                float[] direct = new float[expected.length];
                for (int p = 0; p < planes; p++) {
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) {
                            direct[(p * ho + oy) * wo + ox] = x[(p * h + oy / 2) * w + ox / 2];
                        }
                    }
                }
                assertSameValues(direct, expected, "nearest scalar " + shape);
            }
            float[] expectedGrad = new float[x.length];
            if (doubling) {
                // the general loop's scatter: zero, then += in output order
                for (int p = 0; p < planes; p++) {
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) {
                            expectedGrad[(p * h + oy / 2) * w + ox / 2] += g[(p * ho + oy) * wo + ox];
                        }
                    }
                }
            } else {
                Upsampling.nearestBackward(g, expectedGrad, planes, h, w, ho, wo, false);
            }
            float[][] bilinear = new float[2][expected.length];
            for (int a = 0; a < 2; a++) {
                Upsampling.bilinear(x, bilinear[a], planes, h, w, ho, wo, a == 1, false);
            }
            for (boolean vector : Vectorization.ENABLED ? new boolean[] {false, true} : new boolean[] {false}) {
                String what = shape + (vector ? " vector" : " scalar");
                float[] out = new float[expected.length];
                Upsampling.nearest(x, out, planes, h, w, ho, wo, vector);
                assertSameValues(expected, out, "nearest " + what);
                float[] gradIn = new float[x.length];
                java.util.Arrays.fill(gradIn, Float.NaN);
                Upsampling.nearestBackward(g, gradIn, planes, h, w, ho, wo, vector);
                assertSameValues(expectedGrad, gradIn, "nearest backward " + what);
                for (int a = 0; a < 2; a++) {
                    java.util.Arrays.fill(out, Float.NaN);
                    Upsampling.bilinear(x, out, planes, h, w, ho, wo, a == 1, vector);
                    assertSameValues(bilinear[a], out, "bilinear align=" + (a == 1) + " " + what);
                }
            }
        }
    }
}
