package dev.claritas.mri.degrade;

import static dev.claritas.mri.preprocess.PreprocessFixtures.assertClose;
import static dev.claritas.mri.preprocess.PreprocessFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.mri.kspace.EquispacedMaskFunc;
import dev.claritas.mri.kspace.MaskFunc;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Degradation models: PyTorch parity for resizing, k-space properties for truncation and undersampling. */
class DegradationTest {

    @Test
    void bicubicBilinearAndAreaMatchPyTorch() {
        Tensor x = get("down_input").to(DType.FLOAT64);
        assertClose(get("down_bicubic"), Downsampling.bicubic(x, 8, 5), 1e-12);
        assertClose(get("down_bilinear"), Downsampling.bilinear(x, 8, 5), 1e-12);
        assertClose(get("down_area"), Downsampling.area(x, 2), 1e-12);
        assertClose(get("down_bicubic"), Downsampling.bicubic(get("down_input"), 8, 5), 1e-6);
    }

    @Test
    void sliceThicknessAveragesGroupsOfSlices() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7}, 1, 1, 7, 1, 1);
        Tensor y = Downsampling.sliceThickness(x, 2, 3);
        assertArrayEquals(new int[] {1, 1, 2, 1, 1}, y.shape().toArray());
        assertArrayEquals(new float[] {2, 5}, y.toFloatArray());
    }

    @Test
    void tukeyWindowIsScipys() {
        assertArrayEquals(new double[] {0, 0.75, 1, 1, 1, 0.75, 0}, KspaceWindow.tukey(7, 0.5), 1e-12);
        assertArrayEquals(new double[] {0, 0.3454915028125263, 0.9045084971874737, 0.9045084971874737, 0.3454915028125263, 0},
                KspaceWindow.tukey(6, 1.0), 1e-12);
    }

    @Test
    void truncationKeepsTheCentreOfKspaceAndZeroesTheRest() {
        Tensor x = Ops.uniform(new int[] {1, 1, 12, 10}, 0, 1, DType.FLOAT64, x0().device(), new Generator(3));
        assertClose(x, KspaceTruncation.lowPass(x, 1.0, 0), 1e-12);
        Tensor low = KspaceTruncation.lowPass(x, 0.5, 0);
        // re-transform the magnitude is not linear; compare k-space of the complex result instead
        Tensor k = KspaceTruncation.toKspace(x);
        Tensor kept = k.mul(KspaceTruncation.window(12, 10, 6, 5, 0, x));
        assertClose(dev.claritas.mri.kspace.Complex.abs(Ops.ifft2c(kept)), low, 1e-12);
        double[] kk = kept.toDoubleArray();
        double[] ko = k.toDoubleArray();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 10; j++) {
                boolean inside = i >= 3 && i < 9 && j >= 3 && j < 8;  // 12/2 − 6/2 and 10/2 − 5/2
                for (int c = 0; c < 2; c++) {
                    int e = (i * 10 + j) * 2 + c;
                    assertEquals(inside ? ko[e] : 0, kk[e], 0, "k-space " + i + "," + j);
                }
            }
        }
        Tensor constant = Tensor.full(new int[] {2, 1, 16, 16}, 3, DType.FLOAT64, x.device());
        Tensor small = KspaceTruncation.downsample(constant, 0.5, 0.5);
        assertArrayEquals(new int[] {2, 1, 8, 8}, small.shape().toArray());
        assertClose(Tensor.full(new int[] {2, 1, 8, 8}, 3, DType.FLOAT64, x.device()), small, 1e-9);
    }

    @Test
    void undersamplingGivesMaskedKspaceAndZeroFilledImage() {
        Tensor x = Ops.uniform(new int[] {1, 1, 8, 16}, 0, 1, DType.FLOAT32, x0().device(), new Generator(5));
        MaskFunc f = new EquispacedMaskFunc(new double[] {0.25}, new int[] {4});
        UndersampledImage u = UndersampledImage.of(x, f, 42);
        assertArrayEquals(new int[] {1, 1, 1, 16, 1}, u.mask().shape().toArray());
        Tensor full = Ops.fft2c(Ops.stack(List.of(x, x.zerosLike()), -1));
        assertClose(full.mul(u.mask()), u.kspace(), 0);
        assertClose(dev.claritas.mri.kspace.Complex.abs(Ops.ifft2c(u.kspace())), u.zeroFilled(), 0);
        assertArrayEquals(u.mask().toFloatArray(), UndersampledImage.of(x, f, 42).mask().toFloatArray(), "seeded");
    }

    @Test
    void noiseLevelIsAFractionOfEachImagesMaximum() {
        Tensor x = Tensor.of(new float[] {1, 4, 2, 10}, 2, 1, 1, 2);
        Tensor s = NoiseLevel.fractionOfMax(x, 0.1);
        assertArrayEquals(new int[] {2, 1, 1, 1}, s.shape().toArray());
        assertArrayEquals(new float[] {0.4f, 1f}, s.toFloatArray(), 1e-7f);
        Tensor noisy = RicianNoise.apply(x, s, new Generator(1));
        assertArrayEquals(noisy.toFloatArray(), RicianNoise.apply(x, s, new Generator(1)).toFloatArray());
    }

    private static Tensor x0() {
        return Tensor.zeros(1);
    }
}
