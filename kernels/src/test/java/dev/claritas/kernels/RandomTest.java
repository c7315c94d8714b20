package dev.claritas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Seeded random tensors on the CPU: reproducible, counter-based (so independent of how the work is
 * split over threads), and distributed as they claim.
 *
 * <p>Statistical tolerances: each sample statistic of n = 100,000 draws is compared with its exact
 * expectation, allowing 5 standard errors (SE) of that statistic. A correct generator misses by more
 * with probability below 1e-6 per check, and since the seeds are fixed the outcome is deterministic:
 * these tests cannot flicker, they only fail when the distribution is wrong.
 */
class RandomTest {
    private static final int N = 100_000;
    private static final double SIGMAS = 5;

    private static double[] uniform(int n, double low, double high, Generator gen) {
        return Ops.uniform(new int[] {n}, low, high, DType.FLOAT64, Device.CPU, gen).toDoubleArray();
    }

    private static double[] normal(int n, double mean, double std, Generator gen) {
        return Ops.normal(new int[] {n}, mean, std, DType.FLOAT64, Device.CPU, gen).toDoubleArray();
    }

    private static double[] bernoulli(int n, double p, Generator gen) {
        return Ops.bernoulli(new int[] {n}, p, DType.FLOAT64, Device.CPU, gen).toDoubleArray();
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).sum() / v.length;
    }

    /** The k-th central moment. */
    private static double centralMoment(double[] v, int k) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> Math.pow(x - m, k)).sum() / v.length;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = mean(a), mb = mean(b);
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }

    private static void assertWithin(double expected, double actual, double standardError, String what) {
        assertEquals(expected, actual, SIGMAS * standardError, what + " (SE " + standardError + ")");
    }

    // ---- reproducibility --------------------------------------------------------------------------

    @Test
    void theSameSeedGivesTheSameValues() {
        assertArrayEquals(uniform(1000, 0, 1, new Generator(7)), uniform(1000, 0, 1, new Generator(7)));
        assertArrayEquals(normal(1000, 0, 1, new Generator(7)), normal(1000, 0, 1, new Generator(7)));
        assertArrayEquals(bernoulli(1000, 0.5, new Generator(7)), bernoulli(1000, 0.5, new Generator(7)));
    }

    @Test
    void differentSeedsGiveDifferentValues() {
        double[] a = uniform(1000, 0, 1, new Generator(7));
        double[] b = uniform(1000, 0, 1, new Generator(8));
        assertFalse(Arrays.equals(a, b));
        // not just different but unrelated: neighbouring seeds must not give correlated streams
        assertWithin(0, correlation(uniform(N, 0, 1, new Generator(7)), uniform(N, 0, 1, new Generator(8))),
                1 / Math.sqrt(N), "correlation between seeds 7 and 8");
    }

    @Test
    void consecutiveDrawsDiffer() {
        Generator gen = new Generator(7);
        double[] first = uniform(1000, 0, 1, gen);
        double[] second = uniform(1000, 0, 1, gen);
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void drawsAreCounterBased() {
        // two draws of 1000 take counters [0, 1000) and [1000, 2000): exactly one draw of 2000, so a
        // value depends on its position in the stream only, never on how a draw was split up (by the
        // caller, or over threads)
        Generator split = new Generator(7);
        double[] first = uniform(1000, 0, 1, split);
        double[] second = uniform(1000, 0, 1, split);
        double[] whole = uniform(2000, 0, 1, new Generator(7));
        assertArrayEquals(Arrays.copyOfRange(whole, 0, 1000), first);
        assertArrayEquals(Arrays.copyOfRange(whole, 1000, 2000), second);

        Generator normals = new Generator(7);
        double[] n1 = normal(1000, 0, 1, normals);
        double[] n2 = normal(1000, 0, 1, normals);
        double[] nWhole = normal(2000, 0, 1, new Generator(7));
        assertArrayEquals(Arrays.copyOfRange(nWhole, 0, 1000), n1);
        assertArrayEquals(Arrays.copyOfRange(nWhole, 1000, 2000), n2);
    }

    @Test
    void theGeneratorStateResumesTheStream() {
        // what a checkpoint saves: (seed, offset) must continue the stream exactly where it was
        Generator gen = new Generator(7);
        uniform(123, 0, 1, gen);
        assertEquals(123, gen.offset());
        long seed = gen.seed(), offset = gen.offset();
        double[] next = uniform(50, 0, 1, gen);

        Generator resumed = new Generator(0);
        resumed.setState(seed, offset);
        assertArrayEquals(next, uniform(50, 0, 1, resumed));

        // one element drawn at offset i is element i of a larger draw
        double[] whole = uniform(500, 0, 1, new Generator(7));
        for (int i : new int[] {0, 1, 255, 499}) {
            Generator at = new Generator(7);
            at.setState(7, i);
            assertEquals(whole[i], uniform(1, 0, 1, at)[0]);
        }
    }

    // ---- distributions ----------------------------------------------------------------------------

    @Test
    void uniformHasTheRightRangeMeanAndVariance() {
        double[] u = uniform(N, 0, 1, new Generator(11));
        assertTrue(Arrays.stream(u).allMatch(x -> x >= 0 && x < 1), "uniform draws must lie in [0, 1)");
        // U(0,1): mean 1/2 with SE sqrt(1/12 / n); variance 1/12 with SE sqrt((mu4 - sigma^4) / n),
        // mu4 = 1/80 and sigma^4 = 1/144
        assertWithin(0.5, mean(u), Math.sqrt(1.0 / 12 / N), "mean");
        assertWithin(1.0 / 12, centralMoment(u, 2), Math.sqrt((1.0 / 80 - 1.0 / 144) / N), "variance");
        // successive draws uncorrelated: lag-1 correlation 0 with SE 1/sqrt(n)
        assertWithin(0, correlation(Arrays.copyOfRange(u, 0, N - 1), Arrays.copyOfRange(u, 1, N)), 1 / Math.sqrt(N),
                "lag-1 autocorrelation");
    }

    @Test
    void uniformFillsEveryBinEvenly() {
        // chi-square over 20 equal bins has 19 degrees of freedom (mean 19, sd sqrt(38) ≈ 6.2);
        // 19 + 5 * 6.2 = 50 is far in the tail (p < 1e-4) for a uniform sample
        int bins = 20;
        long[] counts = new long[bins];
        for (double x : uniform(N, 0, 1, new Generator(12))) {
            counts[(int) (x * bins)]++;
        }
        double expected = (double) N / bins;
        double chi2 = Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        assertTrue(chi2 < 19 + SIGMAS * Math.sqrt(38), "chi-square " + chi2 + " over counts " + Arrays.toString(counts));
    }

    @Test
    void uniformScalesToItsBounds() {
        double[] u = uniform(N, -2, 3, new Generator(13));
        assertTrue(Arrays.stream(u).allMatch(x -> x >= -2 && x < 3), "uniform(-2, 3) draws must lie in [-2, 3)");
        double width = 5;
        assertWithin(0.5, mean(u), width * Math.sqrt(1.0 / 12 / N), "mean");
    }

    @Test
    void normalHasTheFourMomentsOfAGaussian() {
        double[] z = normal(N, 0, 1, new Generator(21));
        double var = centralMoment(z, 2);
        double sd = Math.sqrt(var);
        // standard errors for n samples of N(0, 1): mean 1/sqrt(n), sd sqrt(1/(2n)),
        // skewness sqrt(6/n), excess kurtosis sqrt(24/n)
        assertWithin(0, mean(z), 1 / Math.sqrt(N), "mean");
        assertWithin(1, sd, Math.sqrt(1.0 / (2 * N)), "standard deviation");
        assertWithin(0, centralMoment(z, 3) / (var * sd), Math.sqrt(6.0 / N), "skewness");
        assertWithin(0, centralMoment(z, 4) / (var * var) - 3, Math.sqrt(24.0 / N), "excess kurtosis");
        // the tails are there but not absurd: |z| > 3 has probability 0.0027 (n p = 270, SE sqrt(n p (1-p)))
        long beyond3 = Arrays.stream(z).filter(x -> Math.abs(x) > 3).count();
        assertWithin(0.0027 * N, beyond3, Math.sqrt(0.0027 * (1 - 0.0027) * N), "draws beyond 3 sigma");
    }

    @Test
    void normalScalesToItsMeanAndStd() {
        double[] z = normal(N, 3, 2, new Generator(22));
        assertWithin(3, mean(z), 2 / Math.sqrt(N), "mean");
        assertWithin(2, Math.sqrt(centralMoment(z, 2)), 2 * Math.sqrt(1.0 / (2 * N)), "standard deviation");
    }

    @Test
    void bernoulliIsZeroOrOneWithTheRightFrequency() {
        double p = 0.3;
        double[] b = bernoulli(N, p, new Generator(31));
        assertTrue(Arrays.stream(b).allMatch(x -> x == 0 || x == 1), "bernoulli draws must be 0 or 1");
        // the frequency of ones has SE sqrt(p (1 - p) / n)
        assertWithin(p, mean(b), Math.sqrt(p * (1 - p) / N), "frequency of ones");
    }

    @Test
    void bernoulliAsBoolMatchesTheFloatingDraw() {
        boolean[] asBool = Ops.bernoulli(new int[] {1000}, 0.3, DType.BOOL, Device.CPU, new Generator(32)).toBooleanArray();
        double[] asDouble = bernoulli(1000, 0.3, new Generator(32));
        for (int i = 0; i < asBool.length; i++) {
            assertEquals(asDouble[i] == 1, asBool[i], "element " + i);
        }
    }
}
