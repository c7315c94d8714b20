package dev.claritas.mri.augment;

import static dev.claritas.mri.preprocess.PreprocessFixtures.assertClose;
import static dev.claritas.mri.preprocess.PreprocessFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded, paired augmentation: determinism, identical application, and each transform's defining property. */
class AugmentationTest {
    static Tensor image(long seed, int... shape) {
        return Ops.uniform(shape, 0.1, 1, DType.FLOAT64, Tensor.zeros(1).device(), new Generator(seed));
    }

    static final List<Augmentation> ALL = List.of(new RandomFlip(0.5), new RandomRot90(), new RandomGamma(-0.3, 0.3),
            new RandomContrast(0.7, 1.3), new RandomBiasField(0.5, 3), new RandomNoise(0.01, 0.05, false),
            new RandomNoise(0.01, 0.05, true), new RandomGibbs(0.4, 0.8), new RandomGhosting(4, 10, 0.5, 1, 0.02),
            new RandomSpike(2, 0.1, 1), new RandomBlur(0.5, 1.5), new RandomAnisotropy(1.5, 5));

    @Test
    void everyAugmentationIsDeterministicPerSeedAndIdenticalOnInputAndTarget() {
        for (int[] shape : new int[][] {{1, 1, 8, 8}, {1, 1, 4, 6, 6}}) {
            Tensor x = image(1, shape);
            for (Augmentation a : ALL) {
                List<Tensor> first = a.apply(List.of(x, x), new SplittableRandom(7));
                List<Tensor> again = a.apply(List.of(x, x), new SplittableRandom(7));
                String name = a + " " + shape.length + "-D";
                assertArrayEquals(first.get(0).toDoubleArray(), first.get(1).toDoubleArray(), name + ": input and target");
                assertArrayEquals(first.get(0).toDoubleArray(), again.get(0).toDoubleArray(), name + ": same seed");
            }
        }
        Compose c = new Compose(ALL);
        Tensor x = image(2, 2, 1, 8, 8);
        assertArrayEquals(c.apply(List.of(x), new SplittableRandom(3)).getFirst().toDoubleArray(),
                c.apply(List.of(x), new SplittableRandom(3)).getFirst().toDoubleArray());
    }

    @Test
    void flipsAndRotationsUndoThemselves() {
        Tensor x = image(3, 1, 2, 3, 4, 5);
        for (int d = 2; d < 5; d++) {
            assertArrayEquals(x.toDoubleArray(), Geometry.flip(Geometry.flip(x, d), d).toDoubleArray());
        }
        Tensor r = x;
        for (int i = 0; i < 4; i++) {
            r = Geometry.rot90(r, 1, 3, 4);
        }
        assertArrayEquals(x.toDoubleArray(), r.contiguous().toDoubleArray());
        Tensor q = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);  // torch.rot90(q, 1, (2, 3)) = [[3, 6], [2, 5], [1, 4]]
        assertArrayEquals(new float[] {3, 6, 2, 5, 1, 4}, Geometry.rot90(q, 1, 2, 3).contiguous().toFloatArray());
        assertArrayEquals(new float[] {4, 1, 5, 2, 6, 3}, Geometry.rot90(q, 3, 2, 3).contiguous().toFloatArray());
    }

    @Test
    void gammaOneIsTheIdentity() {
        Tensor x = image(4, 1, 1, 5, 5);
        assertArrayEquals(x.toDoubleArray(), RandomGamma.gamma(x, 1).toDoubleArray());
        assertArrayEquals(x.toDoubleArray(), new RandomGamma(0, 0).apply(List.of(x), new SplittableRandom(1)).getFirst().toDoubleArray());
    }

    @Test
    void ghostingTouchesOnlyEveryNthLineOutsideTheCentre() {
        Tensor k = Kspace.forward(image(5, 1, 1, 12, 16));
        Tensor g = RandomGhosting.modulate(k, 4, 0.5, true, 0.1);  // band round(1.6) = 2 lines each side of 8
        double[] a = k.toDoubleArray();
        double[] b = g.toDoubleArray();
        for (int e = 0; e < a.length; e++) {
            int col = (e / 2) % 16;
            boolean touched = col % 4 == 0 && (col < 6 || col >= 10);
            assertEquals(touched ? 0.5 * a[e] : a[e], b[e], 0, "column " + col);
        }
    }

    @Test
    void spikeTouchesOnlyItsPoints() {
        Tensor k = Kspace.forward(image(6, 1, 1, 8, 8));
        Tensor s = RandomSpike.spike(k, new int[][] {{1, 2}, {5, 7}}, 0.5);
        double[] a = k.toDoubleArray();
        double[] b = s.toDoubleArray();
        int changed = 0;
        for (int e = 0; e < a.length; e++) {
            if (a[e] != b[e]) {
                changed++;
                int p = e / 2;
                assertTrue(e % 2 == 0 && (p == 1 * 8 + 2 || p == 5 * 8 + 7), "element " + e);
            }
        }
        assertEquals(2, changed);
    }

    @Test
    void biasFieldIsPositiveAndSmooth() {
        Tensor ones = Tensor.ones(1, 1, 6, 16, 16).to(DType.FLOAT64);
        double[] f = new RandomBiasField(0.5, 3).apply(List.of(ones), new SplittableRandom(9)).getFirst().toDoubleArray();
        double worstStep = 0;
        for (int i = 0; i < f.length; i++) {
            assertTrue(f[i] > 0);
            if (i % 16 != 15) {  // neighbours along W
                worstStep = Math.max(worstStep, Math.abs(Math.log(f[i + 1]) - Math.log(f[i])));
            }
        }
        // |d log f / dx| ≤ Σ|c|·degree ≤ 20 terms · 0.5 · 3 per unit, a grid step is 2/15
        assertTrue(worstStep < 30 * 2.0 / 15, "log-field step " + worstStep);
    }

    @Test
    void anisotropyKeepsTheShapeAndBlurMatchesScipy() {
        Tensor x = image(8, 1, 1, 6, 7, 9);
        for (long seed = 0; seed < 5; seed++) {
            Tensor y = new RandomAnisotropy(1.5, 5).apply(List.of(x), new SplittableRandom(seed)).getFirst();
            assertArrayEquals(x.shape().toArray(), y.shape().toArray());
        }
        Tensor v = get("vol3").to(DType.FLOAT64);
        assertClose(get("blur_vol3"), RandomBlur.blur(v, new double[] {0.8, 1.3, 0.5}), 1e-9);
    }
}
