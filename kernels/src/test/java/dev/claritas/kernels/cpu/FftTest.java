package dev.claritas.kernels.cpu;

import static dev.claritas.kernels.cpu.KernelTestSupport.assertMaxRelativeError;
import static dev.claritas.kernels.cpu.KernelTestSupport.assertSameBitsWithOneAndFourThreads;
import static dev.claritas.kernels.cpu.KernelTestSupport.narrow;
import static dev.claritas.kernels.cpu.KernelTestSupport.widen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FftTest {

    // ---- 1-D ----

    static IntStream lengths1d() {
        return IntStream.concat(IntStream.rangeClosed(1, 64), IntStream.of(97, 128, 368, 372, 1000, 1021));
    }

    @ParameterizedTest
    @MethodSource("lengths1d")
    void fft1dMatchesNaiveDft(int n) {
        double[] x = random(2 * n, n);
        for (boolean inverse : new boolean[] {false, true}) {
            double[] actual = x.clone();
            Fft.fft1d(actual, 0, n, inverse);
            assertMaxRelativeError(naiveDft(x, n, inverse), actual, 1e-12, "n=" + n + " inverse=" + inverse);
        }
    }

    @Test
    void fft1dTransformsOnlyItsRange() {
        int n = 23;
        double[] data = random(2 * n + 10, 7);
        double[] expected = data.clone();
        double[] middle = naiveDft(Arrays.copyOfRange(data, 4, 4 + 2 * n), n, false);
        System.arraycopy(middle, 0, expected, 4, 2 * n);
        Fft.fft1d(data, 4, n, false);
        assertMaxRelativeError(expected, data, 1e-12, "offset 4");
        assertEquals(expected[3], data[3]);
        assertEquals(expected[4 + 2 * n], data[4 + 2 * n]);
    }

    @Test
    void bluesteinAgreesWithMixedRadix() {
        int n = 368;
        double[] x = random(2 * n, 3);
        double[] mixed = x.clone();
        FftPlan plan = new FftMixedRadixPlan(n);
        plan.forward(mixed, 0, new double[plan.scratchLength()]);
        double[] chirp = x.clone();
        plan = new FftBluesteinPlan(n);
        plan.forward(chirp, 0, new double[plan.scratchLength()]);
        assertMaxRelativeError(mixed, chirp, 1e-12, "368 via Bluestein");
    }

    @Test
    void plansAreChosenByLargestPrimeFactor() {
        assertTrue(FftPlan.forLength(368) instanceof FftMixedRadixPlan); // 2^4 * 23
        assertTrue(FftPlan.forLength(372) instanceof FftMixedRadixPlan); // 2^2 * 3 * 31
        assertTrue(FftPlan.forLength(1021) instanceof FftBluesteinPlan); // prime
        assertTrue(FftPlan.forLength(640) == FftPlan.forLength(640));
    }

    /** Each lane of {@link FftLanesVector} gets exactly the bits of the scalar plan on its own sequence. */
    @ParameterizedTest
    @MethodSource("lengths1d")
    void laneTransformsGiveTheScalarPlansBits(int n) {
        assumeTrue(Vectorization.ENABLED, "needs --add-modules jdk.incubator.vector");
        int lanes = FftLanesVector.LANES;
        FftPlan plan = FftPlan.forLength(n);
        double[][] sequences = new double[lanes][];
        double[] laneLayout = new double[2 * lanes * n];
        for (int l = 0; l < lanes; l++) {
            sequences[l] = random(2 * n, 1000L * n + l);
            for (int i = 0; i < n; i++) {
                laneLayout[2 * lanes * i + l] = sequences[l][2 * i];
                laneLayout[2 * lanes * i + lanes + l] = sequences[l][2 * i + 1];
            }
        }
        FftLanesVector.forward(plan, laneLayout, 0, new double[lanes * plan.scratchLength()]);
        double[] scratch = new double[plan.scratchLength()];
        for (int l = 0; l < lanes; l++) {
            plan.forward(sequences[l], 0, scratch);
            for (int i = 0; i < n; i++) {
                assertEquals(sequences[l][2 * i], laneLayout[2 * lanes * i + l], "n=" + n + " lane " + l + " re " + i);
                assertEquals(sequences[l][2 * i + 1], laneLayout[2 * lanes * i + lanes + l], "n=" + n + " lane " + l + " im " + i);
            }
        }
    }

    @Test
    void lanesAreTransposedWithStridesOnBothSides() {
        assumeTrue(Vectorization.ENABLED, "needs --add-modules jdk.incubator.vector");
        int lanes = FftLanesVector.LANES;
        int aStride = lanes + 3;
        int bStride = 2 * lanes;
        double[] a = random(2 + lanes * aStride, 9);
        double[] vector = new double[1 + lanes * bStride];
        double[] byElements = new double[vector.length];
        FftLanesVector.transpose(a, 2, aStride, vector, 1, bStride);
        FftLanesVector.transposeByElements(a, 2, aStride, byElements, 1, bStride);
        for (int i = 0; i < lanes; i++) {
            for (int j = 0; j < lanes; j++) {
                assertEquals(a[2 + i * aStride + j], byElements[1 + j * bStride + i], i + "," + j);
            }
        }
        assertArrayEquals(byElements, vector);
    }

    // ---- centred 2-D ----

    static Stream<Arguments> shapes2d() {
        return Stream.of(
                Arguments.of(1, 1), Arguments.of(1, 5), Arguments.of(3, 1), Arguments.of(2, 2),
                Arguments.of(8, 8), Arguments.of(5, 7), Arguments.of(6, 9), Arguments.of(16, 12),
                Arguments.of(31, 32), Arguments.of(6, 10), Arguments.of(4, 6), Arguments.of(10, 29));
    }

    /** Covers every parity of h, w, h/2 and w/2, hence every checkerboard and global sign. */
    @ParameterizedTest
    @MethodSource("shapes2d")
    void fft2cMatchesNaiveCentredDft(int h, int w) {
        int batch = 2;
        double[] x = random(2 * batch * h * w, h * 100 + w);
        for (boolean inverse : new boolean[] {false, true}) {
            double[] actual = new double[x.length];
            Fft.fft2c(x, 0, actual, 0, batch, h, w, inverse);
            double[] expected = new double[x.length];
            for (int b = 0; b < batch; b++) {
                naiveCentredDft2(x, b * 2 * h * w, expected, h, w, inverse);
            }
            assertMaxRelativeError(expected, actual, 1e-12, h + "x" + w + " inverse=" + inverse);
        }
    }

    /**
     * Heights and widths that leave a partial group of rows or tile of columns for 8 (and 4 or 2)
     * lanes, odd and even, one length by Bluestein (37).
     */
    static Stream<Arguments> leftoverShapes() {
        return Stream.of(
                Arguments.of(5, 7), Arguments.of(9, 17), Arguments.of(17, 9), Arguments.of(1, 13),
                Arguments.of(11, 1), Arguments.of(7, 24), Arguments.of(26, 18), Arguments.of(12, 37));
    }

    @ParameterizedTest
    @MethodSource("leftoverShapes")
    void scalarAndVectorPathsMatchNaiveCentredDft(int h, int w) {
        int batch = 3;
        double[] x = random(2 * batch * h * w, h * 1000 + w);
        for (boolean vector : paths()) {
            for (boolean inverse : new boolean[] {false, true}) {
                double[] actual = new double[x.length];
                new FftCentred2d(h, w, inverse, vector).transform(x, 0, actual, 0, batch);
                double[] expected = new double[x.length];
                for (int b = 0; b < batch; b++) {
                    naiveCentredDft2(x, b * 2 * h * w, expected, h, w, inverse);
                }
                assertMaxRelativeError(expected, actual, 1e-12, h + "x" + w + " vector=" + vector + " inverse=" + inverse);
            }
        }
    }

    static Stream<Arguments> vectorVersusScalarShapes() {
        return Stream.concat(leftoverShapes(), Stream.of(
                Arguments.of(320, 368), Arguments.of(372, 23), Arguments.of(64, 46), Arguments.of(40, 1021)));
    }

    /** The vector path does the scalar path's operations lane by lane: the same bits, float and double. */
    @ParameterizedTest
    @MethodSource("vectorVersusScalarShapes")
    void vectorPathGivesTheScalarPathsBits(int h, int w) {
        assumeTrue(Vectorization.ENABLED, "needs --add-modules jdk.incubator.vector");
        int batch = 2;
        double[] x = random(2 * batch * h * w, h * 7 + w);
        float[] xf = narrow(x);
        for (boolean inverse : new boolean[] {false, true}) {
            String what = h + "x" + w + " inverse=" + inverse;
            double[] scalar = new double[x.length];
            new FftCentred2d(h, w, inverse, false).transform(x, 0, scalar, 0, batch);
            double[] vector = new double[x.length];
            new FftCentred2d(h, w, inverse, true).transform(x, 0, vector, 0, batch);
            assertArrayEquals(scalar, vector, what + " double");
            float[] scalarF = new float[x.length];
            new FftCentred2d(h, w, inverse, false).transform(xf, 0, scalarF, 0, batch);
            float[] vectorF = new float[x.length];
            new FftCentred2d(h, w, inverse, true).transform(xf, 0, vectorF, 0, batch);
            assertArrayEquals(scalarF, vectorF, what + " float");
        }
    }

    @ParameterizedTest
    @MethodSource("shapes2d")
    void fft2cRoundTripIsIdentityAndPreservesEnergy(int h, int w) {
        int batch = 3;
        double[] x = random(2 * batch * h * w, h * 31 + w);
        double[] spectrum = new double[x.length];
        Fft.fft2c(x, 0, spectrum, 0, batch, h, w, false);
        assertEquals(energy(x), energy(spectrum), 1e-12 * energy(x), "Parseval");
        double[] back = new double[x.length];
        Fft.fft2c(spectrum, 0, back, 0, batch, h, w, true);
        assertMaxRelativeError(x, back, 1e-13, "round trip " + h + "x" + w);
    }

    @Test
    void fft2cHonoursOffsetsAndLeavesTheRestAlone() {
        int h = 5;
        int w = 6;
        double[] src = random(2 * h * w + 3, 11);
        double[] dst = new double[2 * h * w + 7];
        Arrays.fill(dst, 42);
        Fft.fft2c(src, 3, dst, 2, 1, h, w, false);
        double[] expected = new double[2 * h * w];
        naiveCentredDft2(Arrays.copyOfRange(src, 3, src.length), 0, expected, h, w, false);
        assertMaxRelativeError(expected, Arrays.copyOfRange(dst, 2, 2 + 2 * h * w), 1e-12, "offsets");
        assertEquals(42, dst[0]);
        assertEquals(42, dst[1]);
        assertEquals(42, dst[2 * h * w + 2]);
    }

    /** Inputs {@code sin(0.37 i) + 0.5 cos(1.3 i)} over the flattened (b, h, w, 2) array. */
    @Test
    void fft2cMatchesNumpy() {
        assertMaxRelativeError(NUMPY_FFT_2X4X6, centred(formulaInput(2, 4, 6), 2, 4, 6, false), 1e-12, "fft 2x4x6");
        assertMaxRelativeError(NUMPY_IFFT_2X4X6, centred(formulaInput(2, 4, 6), 2, 4, 6, true), 1e-12, "ifft 2x4x6");
        assertMaxRelativeError(NUMPY_FFT_2X5X3, centred(formulaInput(2, 5, 3), 2, 5, 3, false), 1e-12, "fft 2x5x3");
        assertMaxRelativeError(NUMPY_IFFT_2X5X3, centred(formulaInput(2, 5, 3), 2, 5, 3, true), 1e-12, "ifft 2x5x3");
    }

    /** BART's centred unitary FFT, {@code bart fft -u 3} (BART 0.8.00), of one 6x9 image (BART dims 9 x 6). */
    @Test
    void fft2cMatchesBart() {
        int h = 6;
        int w = 9;
        float[] x = narrow(formulaInput(1, h, w));
        float[] actual = new float[x.length];
        Fft.fft2c(x, 0, actual, 0, 1, h, w, false);
        assertMaxRelativeError(widen(BART_FFTU_6X9), widen(actual), 1e-6, "bart 6x9");
    }

    @ParameterizedTest
    @MethodSource("fastMriShapes")
    void floatPathMatchesDoublePath(int h, int w) {
        float[] xf = narrow(random(2 * h * w, h + w));
        double[] x = widen(xf);
        for (boolean inverse : new boolean[] {false, true}) {
            double[] expected = new double[x.length];
            Fft.fft2c(x, 0, expected, 0, 1, h, w, inverse);
            float[] actual = new float[x.length];
            Fft.fft2c(xf, 0, actual, 0, 1, h, w, inverse);
            assertMaxRelativeError(expected, widen(actual), 1e-5, h + "x" + w + " float");
        }
    }

    static Stream<Arguments> fastMriShapes() {
        return Stream.of(Arguments.of(320, 320), Arguments.of(640, 368));
    }

    /**
     * A shared transform keeps its working memory between calls; what one call leaves in spare
     * lanes and padding (here NaN) must not reach another's results.
     */
    @Test
    void workingMemoryKeptBetweenCallsDoesNotLeakIntoResults() {
        int h = 9;
        int w = 17;
        for (boolean vector : paths()) {
            FftCentred2d shared = new FftCentred2d(h, w, false, vector);
            double[] poison = new double[2 * 3 * h * w];
            Arrays.fill(poison, Double.NaN);
            shared.transform(poison, 0, new double[poison.length], 0, 3);
            double[] x = random(2 * h * w, 12);
            double[] expected = new double[x.length];
            new FftCentred2d(h, w, false, vector).transform(x, 0, expected, 0, 1);
            double[] actual = new double[x.length];
            shared.transform(x, 0, actual, 0, 1);
            assertArrayEquals(expected, actual, "vector=" + vector);
        }
    }

    /** A batch split over images, one image split by rows and columns, partial lane groups in both. */
    @ParameterizedTest
    @MethodSource("threadCountShapes")
    void fft2cIsBitwiseIdenticalWhateverTheThreadCount(int batch, int h, int w) throws Exception {
        float[] x = narrow(random(2 * batch * h * w, 5));
        String what = "fft2c " + batch + "x" + h + "x" + w;
        assertSameBitsWithOneAndFourThreads(transform(x, batch, h, w), () -> transform(x, batch, h, w), what);
        double[] xd = random(2 * batch * h * w, 6);
        assertSameBitsWithOneAndFourThreads(centred(xd, batch, h, w, true), () -> centred(xd, batch, h, w, true), what);
    }

    static Stream<Arguments> threadCountShapes() {
        return Stream.of(Arguments.of(3, 64, 46), Arguments.of(1, 321, 372), Arguments.of(5, 9, 17));
    }

    // ---- helpers ----

    /** The scalar path, and the vector path where the Vector API is there. */
    private static boolean[] paths() {
        return Vectorization.ENABLED ? new boolean[] {false, true} : new boolean[] {false};
    }

    private static float[] transform(float[] x, int batch, int h, int w) {
        float[] out = new float[x.length];
        Fft.fft2c(x, 0, out, 0, batch, h, w, false);
        return out;
    }

    private static double[] centred(double[] x, int batch, int h, int w, boolean inverse) {
        double[] out = new double[x.length];
        Fft.fft2c(x, 0, out, 0, batch, h, w, inverse);
        return out;
    }

    private static double[] formulaInput(int batch, int h, int w) {
        double[] x = new double[2 * batch * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 0.37) + 0.5 * Math.cos(i * 1.3);
        }
        return x;
    }

    private static double[] random(int length, long seed) {
        Random random = new Random(seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static double energy(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return sum;
    }

    /** Straight from the definition, with {@code jk mod n} reduced exactly before the angle. */
    private static double[] naiveDft(double[] x, int n, boolean inverse) {
        double[] out = new double[2 * n];
        double sign = inverse ? 1 : -1;
        for (int k = 0; k < n; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                double angle = sign * 2 * Math.PI * ((long) j * k % n) / n;
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                re += x[2 * j] * c - x[2 * j + 1] * s;
                im += x[2 * j] * s + x[2 * j + 1] * c;
            }
            out[2 * k] = re;
            out[2 * k + 1] = im;
        }
        return out;
    }

    /**
     * {@code fftshift(fft2(ifftshift(x), norm="ortho"))} of the image at {@code x[off...]} into
     * {@code out[off...]}, with numpy's shifts spelled out: {@code ifftshift(x)[j] = x[(j + n/2) % n]},
     * {@code fftshift(X)[k] = X[(k - n/2) mod n]}.
     */
    private static void naiveCentredDft2(double[] x, int off, double[] out, int h, int w, boolean inverse) {
        double sign = inverse ? 1 : -1;
        double scale = 1 / Math.sqrt((double) h * w);
        for (int ky = 0; ky < h; ky++) {
            for (int kx = 0; kx < w; kx++) {
                int fy = Math.floorMod(ky - h / 2, h);
                int fx = Math.floorMod(kx - w / 2, w);
                double re = 0;
                double im = 0;
                for (int jy = 0; jy < h; jy++) {
                    for (int jx = 0; jx < w; jx++) {
                        int at = off + 2 * (w * ((jy + h / 2) % h) + (jx + w / 2) % w);
                        double turns = (double) ((long) jy * fy % h) / h + (double) ((long) jx * fx % w) / w;
                        double angle = sign * 2 * Math.PI * turns;
                        double c = Math.cos(angle);
                        double s = Math.sin(angle);
                        re += x[at] * c - x[at + 1] * s;
                        im += x[at] * s + x[at + 1] * c;
                    }
                }
                out[off + 2 * (w * ky + kx)] = re * scale;
                out[off + 2 * (w * ky + kx) + 1] = im * scale;
            }
        }
    }

    // ---- reference outputs ----

    // np.fft.fftshift(np.fft.fft2(np.fft.ifftshift(z, axes=(-2,-1)), norm="ortho"), axes=(-2,-1)) and the same
    // with ifft2, z the complex (b, h, w) array of the formula input, flattened back to (b, h, w, 2); numpy 1.24.2.

    private static final double[] NUMPY_FFT_2X4X6 = {
            -0.20143503667726811, -1.555208135020945, 1.1000385341608845,
            -1.1371160650563406, -0.8703153106789753, -0.4757586565907528,
            0.184257924527454, -0.23965907328833952, -0.804731614949424,
            -0.45571338152410706, 0.21529153067842594, 0.6802957716628004,
            0.4399123276216047, -0.2694172311868369, -0.2567245457765209,
            -0.062338427367237104, 0.289249366030651, 0.5778959979696859,
            -0.7513852624377775, -0.5555623505926084, -0.39497872736999795,
            -2.302331620290786, -0.24382283633728902, 0.5626939229230414,
            -0.15083082146165597, -0.11455111168619747, -0.08528806961167845,
            0.11194945858607197, 0.4586119583222491, -0.35450779841633584,
            0.23056308984281298, 0.12942954302245685, -0.32267916550238873,
            0.2966158102858905, 0.15420076010149247, 0.008160885358777958,
            -0.27209488762267464, 0.5431201289017259, 0.793213013334662,
            -0.19041102170552698, -3.2859015541094942, -0.6665257350758568,
            -0.9758866177433096, -1.0101780238633389, 0.5399177775786235,
            0.5486022286116775, -0.008335431047376954, -0.5274587570098532,
            0.4212449003506268, -1.3555937339491744, 1.4972409629669101,
            -0.5632079944825674, -0.2522400866693145, -0.7792780028802334,
            0.5524196158218038, 0.2779057300674956, -0.8068788191061396,
            -0.18090148521712604, 0.12219245185347602, 0.8084297878571022,
            0.019837940497696743, -0.320224707638859, 0.10334743136221705,
            0.2893780010780685, -0.15115163010950083, -0.21766228717214342,
            -1.117750725229004, 0.21918986938655438, -2.13683905849585, -0.5880906996636751,
            0.354698438810078, 0.36107631468354584, -0.028342928173638843,
            -0.04212298222637911, -0.13070893775894388, -0.09808699500444487,
            0.42302005008728016, 0.3059478248705719, 0.27381958600089323,
            0.27384158582804335, 0.1742839150564598, 0.24031998036864474,
            -0.021663783515052965, -0.024655730963089817, -0.4575561851564728,
            -0.027247511774015187, 0.5142743052625119, 0.6652097023817647,
            -0.8414562384317967, -3.2055319510594, 0.2910062527722769, -1.49198922170799,
            -0.34842768664948864, 0.17141831751556835, 0.41899853948810706,
            -0.09863528745310216
    };

    private static final double[] NUMPY_IFFT_2X4X6 = {
            -0.20143503667726803, -1.555208135020945, 0.21529153067842594,
            0.6802957716628004, -0.804731614949424, -0.4557133815241072, 0.184257924527454,
            -0.23965907328833952, -0.8703153106789754, -0.4757586565907527,
            1.1000385341608845, -1.1371160650563406, -0.27209488762267453,
            0.543120128901726, -0.008335431047376954, -0.5274587570098532,
            0.539917777578623, 0.5486022286116774, -0.9758866177433096, -1.0101780238633389,
            -3.2859015541094942, -0.6665257350758568, 0.793213013334662,
            -0.19041102170552698, -0.15083082146165594, -0.11455111168619725,
            0.15420076010149247, 0.008160885358777958, -0.3226791655023885,
            0.2966158102858905, 0.23056308984281298, 0.12942954302245685, 0.458611958322249,
            -0.3545077984163358, -0.08528806961167845, 0.11194945858607197,
            0.4399123276216047, -0.2694172311868372, -0.24382283633728902,
            0.5626939229230414, -0.39497872736999784, -2.3023316202907855,
            -0.7513852624377775, -0.5555623505926084, 0.289249366030651, 0.5778959979696859,
            -0.2567245457765209, -0.062338427367237104, 0.42124490035062656,
            -1.3555937339491744, 0.12219245185347602, 0.8084297878571022,
            -0.8068788191061396, -0.180901485217126, 0.5524196158218038, 0.2779057300674956,
            -0.252240086669314, -0.7792780028802334, 1.4972409629669101,
            -0.5632079944825674, -0.4575561851564728, -0.027247511774014854,
            0.41899853948810706, -0.09863528745310216, -0.3484276866494884,
            0.17141831751556819, 0.2910062527722769, -1.49198922170799, -0.8414562384317967,
            -3.2055319510594, 0.5142743052625119, 0.6652097023817647, -0.028342928173638815,
            -0.04212298222637911, -0.021663783515052965, -0.024655730963089817,
            0.17428391505645996, 0.24031998036864477, 0.27381958600089323,
            0.27384158582804335, 0.4230200500872798, 0.3059478248705719,
            -0.13070893775894388, -0.09808699500444487, 0.019837940497696493,
            -0.320224707638859, 0.354698438810078, 0.36107631468354584, -2.1368390584958497,
            -0.5880906996636752, -1.117750725229004, 0.21918986938655438,
            -0.15115163010950078, -0.21766228717214342, 0.10334743136221705,
            0.2893780010780685
    };

    private static final double[] NUMPY_FFT_2X5X3 = {
            -1.0919627041260704, -0.0029648757284346876, -2.425919892934461,
            -0.053319191939314114, 0.9908859400708919, 0.4024961713919452,
            0.7446797832271175, 1.1985312054254518, -1.0949889002797561, -0.650674421985971,
            0.6858252461474034, 0.32437801001951155, -0.017082289438328187,
            -0.2971442396492194, 0.4911585792578822, 0.384360127724912,
            -0.22900304815358866, 0.028742026888050543, 0.029102417350010873,
            0.37055782695570955, -0.5049444991880052, -0.645616798352036,
            0.30185639540980047, -0.06929903886118471, 0.2170651377702285,
            0.4871596209292633, 0.31335190412115754, -1.5414509866540278,
            -0.32510373811465465, -0.9866211956378663, 0.30639830285028363,
            -1.620390057031841, 0.30924934896520756, -2.3614958954369434,
            0.3260583247351837, 0.7733834516722329, 1.525279955342079, -1.2433343443256166,
            -0.5904795909406929, -0.5514397774507458, 0.3367565376145564,
            0.024534771766350917, -0.3672831259405704, 0.37016554224861276,
            0.3232025586295335, 0.3563290501450935, 0.08620244762949907,
            -0.13176967843738793, 0.34655033614588543, -0.25070525243899516,
            -0.5318734960950432, -0.365981535400358, -0.34910634505308696,
            0.2966457044168309, 0.3814015892607044, 0.40888242403703423,
            -1.6075833196249931, 0.5075417061166076, -1.0513492482561584,
            -0.06391912575642059
    };

    private static final double[] NUMPY_IFFT_2X5X3 = {
            -0.32510373811465465, -0.9866211956378663, 0.31335190412115754,
            -1.5414509866540278, 0.2170651377702285, 0.4871596209292633,
            0.30185639540980047, -0.06929903886118471, -0.5049444991880052,
            -0.645616798352036, 0.029102417350010873, 0.37055782695570955,
            -0.22900304815358866, 0.028742026888050543, 0.4911585792578822,
            0.384360127724912, -0.017082289438328187, -0.2971442396492194,
            0.6858252461474034, 0.32437801001951155, -1.0949889002797561,
            -0.650674421985971, 0.7446797832271175, 1.1985312054254518, 0.9908859400708919,
            0.4024961713919452, -2.425919892934461, -0.053319191939314114,
            -1.0919627041260704, -0.0029648757284346876, -1.0513492482561584,
            -0.06391912575642059, -1.6075833196249931, 0.5075417061166076,
            0.3814015892607044, 0.40888242403703423, -0.34910634505308696,
            0.2966457044168309, -0.5318734960950432, -0.365981535400358,
            0.34655033614588543, -0.25070525243899516, 0.08620244762949907,
            -0.13176967843738793, 0.3232025586295335, 0.3563290501450935,
            -0.3672831259405704, 0.37016554224861276, 0.3367565376145564,
            0.024534771766350917, -0.5904795909406929, -0.5514397774507458,
            1.525279955342079, -1.2433343443256166, 0.3260583247351837, 0.7733834516722329,
            0.30924934896520756, -2.3614958954369434, 0.30639830285028363,
            -1.620390057031841
    };

    private static final float[] BART_FFTU_6X9 = {
            0.24688809f, -0.67613864f, 0.116353184f, -0.2769869f, -0.094408914f,
            0.13727665f, -0.8895695f, 0.049913626f, 0.03134922f, 0.09263848f, 0.08505878f,
            -0.6827685f, 0.017766032f, 0.022456734f, -0.024849366f, -0.055215497f,
            -0.12732986f, 0.16863374f, -0.42721844f, 0.307824f, -0.1466813f, 0.12862518f,
            0.11090733f, -0.04566109f, 1.0973266f, 0.48709127f, -0.037643984f,
            -0.092560165f, -0.37601578f, 0.56277126f, -0.073058166f, -0.021497943f,
            0.121343985f, 0.059066474f, 0.40441754f, -0.0067780237f, 0.37880224f,
            -0.15540576f, 0.27881712f, 0.049129035f, -0.23047015f, -0.12996301f,
            -1.6466866f, -2.1505947f, -0.012382449f, 0.13958725f, 0.8977153f, -0.40021974f,
            0.024578398f, 0.017038912f, 0.053519513f, 0.002034895f, 0.10034096f,
            0.17883025f, -0.5250323f, -0.30116522f, -0.27142325f, 0.056287903f, 0.13008562f,
            -0.2539639f, -0.94910896f, -4.8399267f, 0.2956368f, 0.3371011f, -3.3641899f,
            -0.71161836f, -0.12812304f, 0.11599922f, 0.0035607256f, -0.14296636f,
            0.037212722f, 0.05741204f, 0.9241467f, 1.1214094f, 0.33072552f, 0.35438302f,
            -0.14910033f, -0.0769061f, -0.43576705f, 1.395675f, 0.02463627f, -0.12010101f,
            -1.3966576f, -1.0419524f, -0.17683868f, -0.2335113f, 0.15575935f, 0.2375242f,
            -0.23797579f, -0.23314953f, 0.45504072f, 2.5691798f, 0.16118161f, 1.0243137f,
            -0.040022656f, -0.49176008f, 0.81309104f, -0.28280798f, -0.109652966f,
            -0.26228252f, 0.36484104f, 0.99232954f, -0.054107044f, -0.20008233f,
            0.08390125f, 0.29006904f, -0.0659312f, -0.5982895f
    };
}
