package dev.claritas.mri.augment;

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

/** {@link GridSample} against PyTorch, and the properties of RandomAffine, RandomElasticDeformation and RandomMotion. */
class GeometricAugmentationTest {

    static Tensor image(long seed, int... shape) {
        return Ops.uniform(shape, 0.1, 1, DType.FLOAT64, Tensor.zeros(1).device(), new Generator(seed));
    }

    /** {@code sin(0.7 i) + 0.1 i} in row-major order: easy to write in both languages. */
    private static Tensor formula(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(0.7 * i) + 0.1 * i;
        }
        return Tensor.of(v, shape);
    }

    /** Point i, component a (x, y, z) at {@code 1.05 sin(1.1 i + 0.9 a)}: some points fall outside [−1, 1]. */
    private static double[] grid(int points, int dims) {
        double[] g = new double[points * dims];
        for (int i = 0; i < points; i++) {
            for (int a = 0; a < dims; a++) {
                g[i * dims + a] = 1.05 * Math.sin(1.1 * i + 0.9 * a);
            }
        }
        return g;
    }

    /*
     * The references, from Debian's /usr/bin/python3 (torch 1.13), float64:
     *
     * import math, torch; import torch.nn.functional as F
     * torch.set_default_dtype(torch.float64)
     * def img(shape):
     *     return torch.tensor([math.sin(0.7 * i) + 0.1 * i for i in range(math.prod(shape))]).reshape(shape)
     * def grid(out, dims):
     *     g = torch.tensor([[1.05 * math.sin(1.1 * i + 0.9 * a) for a in range(dims)] for i in range(math.prod(out))])
     *     return g.reshape(1, *out, dims)
     * for x, g in ((img((1, 2, 5, 6)), grid((3, 4), 2)), (img((1, 2, 3, 4, 5)), grid((2, 3, 2), 3))):
     *     y = F.grid_sample(x, g, mode='bilinear', padding_mode='zeros', align_corners=False)
     *     print(", ".join("%.15g" % v for v in y.flatten().tolist()))
     */
    private static final double[] TORCH_2D = {2.23936522834468, 1.65321288415432, 1.11825947818986,
        0.844125758171433, 0, 1.96559256529112, 1.6683984892447, 1.45232782601677, 1.51059872598777,
        0.327344418804043, -0.0358746626544658, 2.49761029860531, 6.18428285112593, 2.31739029390089,
        5.32996579388151, 1.99478061023948, 1.57168325420932, 3.97472108782471, 3.37811116586578, 2.09305953546208,
        4.46329063637095, 1.42503961352769, 1.3205641184341, 5.22368592058624};
    private static final double[] TORCH_3D = {2.5940698871736, 1.95112648461374, 0.698826640181711,
        0.363862007940746, 0.981621307772995, 3.01226870962778, 2.12350566667563, 1.73917328756231, 0.32526755501771,
        0.20928507794719, 1.2347297461421, 2.405040838867, 4.75004293406951, 4.34703755301416, 5.24790451419735,
        1.97377662668651, 2.70592473102009, 7.50555219725407, 4.32445467586291, 3.77752709183507, 3.38498851316016,
        1.8055128122407, 3.27978681299773, 5.41913933209856};

    @Test
    void gridSampleMatchesTorchBilinearAndTrilinear() {
        Tensor y2 = GridSample.sample(formula(1, 2, 5, 6), new int[] {3, 4}, grid(12, 2));
        assertArrayEquals(new int[] {1, 2, 3, 4}, y2.shape().toArray());
        assertArrayEquals(TORCH_2D, y2.toDoubleArray(), 1e-12);
        Tensor y3 = GridSample.sample(formula(1, 2, 3, 4, 5), new int[] {2, 3, 2}, grid(12, 3));
        assertArrayEquals(new int[] {1, 2, 2, 3, 2}, y3.shape().toArray());
        assertArrayEquals(TORCH_3D, y3.toDoubleArray(), 1e-12);
    }

    @Test
    void gridSampleIsDifferentiableInTheImage() {
        Tensor x = image(3, 1, 1, 4, 5).requiresGrad(true);
        // the identity warp: every voxel is used once with weight 1
        GridSample.warp(x, (p, q) -> System.arraycopy(p, 0, q, 0, p.length)).sum().backward();
        for (double g : x.grad().toDoubleArray()) {
            assertEquals(1, g, 1e-12);
        }
    }

    private static final List<Augmentation> GEOMETRIC = List.of(RandomAffine.torchioDefaults(),
            new RandomAffine(0.8, 1.2, -30, 30, -2, 2), new RandomElasticDeformation(7, 2, 2),
            new RandomElasticDeformation(5, 1.5, 0), new RandomMotion(10, 2, 2));

    @Test
    void deterministicPerSeedIdenticalOnEveryTensorAndShapePreserving() {
        for (int[] shape : new int[][] {{2, 1, 9, 7}, {1, 2, 4, 6, 5}}) {
            Tensor x = image(1, shape);
            for (Augmentation a : GEOMETRIC) {
                List<Tensor> first = a.apply(List.of(x, x), new SplittableRandom(7));
                List<Tensor> again = a.apply(List.of(x, x), new SplittableRandom(7));
                List<Tensor> other = a.apply(List.of(x), new SplittableRandom(8));
                String name = a + " " + (shape.length - 2) + "-D";
                assertArrayEquals(shape, first.get(0).shape().toArray(), name + ": shape");
                assertArrayEquals(first.get(0).toDoubleArray(), first.get(1).toDoubleArray(), name + ": input and target");
                assertArrayEquals(first.get(0).toDoubleArray(), again.get(0).toDoubleArray(), name + ": same seed");
                assertTrue(maxDiff(first.get(0), other.get(0)) > 1e-6, name + ": another seed, another transform");
            }
        }
    }

    @Test
    void identityParametersGiveTheInput() {
        List<Augmentation> identities = List.of(new RandomAffine(1, 1, 0, 0, 0, 0), new RandomElasticDeformation(6, 0, 0),
                new RandomMotion(10, 3, 0), new RandomMotion(0, 0, 3));
        for (int[] shape : new int[][] {{1, 1, 8, 6}, {1, 1, 3, 6, 5}}) {
            Tensor x = image(2, shape);
            for (Augmentation a : identities) {
                Tensor y = a.apply(List.of(x), new SplittableRandom(5)).getFirst();
                assertTrue(maxDiff(x, y) < 1e-9, a + " on " + x.shape() + ": " + maxDiff(x, y));
            }
        }
    }

    @Test
    void affineQuarterTurnEqualsRot90() {
        Tensor x = image(4, 1, 2, 8, 8);
        Tensor turned = new RandomAffine(1, 1, 90, 90, 0, 0).apply(List.of(x), new SplittableRandom(1)).getFirst();
        Tensor expected = Geometry.rot90(x, 1, 2, 3);
        Tensor inner = turned.narrow(2, 1, 6).narrow(3, 1, 6);
        assertTrue(maxDiff(expected.narrow(2, 1, 6).narrow(3, 1, 6), inner) < 1e-12);
    }

    @Test
    void affineTranslationByWholeVoxelsShiftsTheImage() {
        Tensor x = image(6, 1, 1, 6, 7);
        Tensor y = new RandomAffine(1, 1, 0, 0, 2, 2).apply(List.of(x), new SplittableRandom(1)).getFirst();
        // content moves 2 voxels down and 2 right; what enters is zero padding
        assertTrue(maxDiff(x.narrow(2, 0, 4).narrow(3, 0, 5), y.narrow(2, 2, 4).narrow(3, 2, 5)) < 1e-12);
        assertEquals(0, y.narrow(2, 0, 2).abs().sum().item(), 0);
    }

    @Test
    void elasticDisplacementStaysWithinItsBound() {
        // a ramp along W reads back each voxel's displacement along W wherever the source is inside the image
        int n = 16;
        double[] ramp = new double[n * n];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i % n;
        }
        Tensor x = Tensor.of(ramp, 1, 1, n, n);
        double bound = 1.5;
        Tensor y = new RandomElasticDeformation(7, bound, 1).apply(List.of(x), new SplittableRandom(3)).getFirst();
        double moved = maxDiff(x.narrow(2, 2, n - 4).narrow(3, 2, n - 4), y.narrow(2, 2, n - 4).narrow(3, 2, n - 4));
        assertTrue(moved > 0.1 && moved <= bound + 1e-9, "largest displacement " + moved);
    }

    @Test
    void motionMixesKspaceOfTheMovedImages() {
        Tensor x = image(7, 1, 1, 8, 8);
        double[][] shift = {{0, 1}};
        Tensor moved = RandomAffine.transform(x, new double[] {1, 1}, RandomAffine.rotation(new double[] {0}), shift[0]);
        // a movement at time 0 replaces all of k-space: the result is the moved image
        Tensor all = RandomMotion.move(x, new double[] {0}, shift, new double[] {0});
        assertTrue(maxDiff(moved, all) < 1e-9);
        // at time 0.5 half the columns still come from the unmoved image
        Tensor half = RandomMotion.move(x, new double[] {0}, shift, new double[] {0.5});
        assertTrue(maxDiff(half, x) > 1e-3 && maxDiff(half, moved) > 1e-3);
    }

    private static double maxDiff(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item();
    }
}
