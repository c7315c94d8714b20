package dev.claritas.mri.preprocess;

import static dev.claritas.mri.preprocess.PreprocessFixtures.assertClose;
import static dev.claritas.mri.preprocess.PreprocessFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.mri.preprocess.AxisResampler.Kernel;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Preprocessing against numpy, scikit-image 0.19, scipy and PyTorch (tools/make_preprocess_fixtures.py). */
class PreprocessParityTest {
    static Tensor img2() {
        return get("img2").to(DType.FLOAT64);  // float32 values, computed in float64 as the references
    }

    static Tensor vol3() {
        return get("vol3").to(DType.FLOAT64);
    }

    @Test
    void percentilesMatchNumpyLinear() {
        double[] p = Percentile.of(img2().toDoubleArray(), 0.5, 2, 37.3, 50, 98, 99.5);
        assertArrayEquals(get("percentiles").toDoubleArray(), p, 1e-9);
    }

    @Test
    void instanceNormMatchesFastMriAndUndoes() {
        Normalization.Normalized n = Normalization.instance(img2(), 0);
        assertClose(get("instance_norm"), n.data(), 1e-9);
        double[] ms = get("instance_mean_std").toDoubleArray();
        assertEquals(ms[0], n.mean().item(), 1e-9);
        assertEquals(ms[1], n.std().item(), 1e-9);
        assertClose(img2(), n.undo(n.data()), 1e-9);
    }

    @Test
    void otsuEqualizeAndStretchMatchScikitImage() {
        for (String name : new String[] {"img2", "vol3"}) {
            Tensor x = name.equals("img2") ? img2() : vol3();
            assertEquals(get("otsu_threshold_" + name).item(), OtsuMask.threshold(x), 1e-9, name);
            assertClose(get("equalize_" + name), HistogramEqualization.equalize(x), 1e-9);
            assertClose(get("stretch_" + name), ContrastStretch.stretch(x, 2, 98, 0, 1), 1e-9);
        }
        Tensor mask = OtsuMask.mask(img2());
        double t = OtsuMask.threshold(img2());
        boolean[] m = mask.toBooleanArray();
        double[] v = img2().toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i] > t, m[i]);
        }
    }

    @Test
    void resampleLinearMatchesScipyZoomAndCubicMatchesTorchBicubic() {
        double[] spacing = {1.5, 1.0, 2.0};
        double[] target = {1.0, 1.75, 1.25};  // 6·1.5 = 9, 7/1.75 = 4, 5·1.6 = 8
        assertClose(get("resample_linear_vol3"), Resample.toSpacing(vol3(), spacing, target, Kernel.LINEAR), 1e-9);
        assertClose(get("resample_cubic_vol3"), Resample.toSpacing(vol3(), spacing, target, Kernel.CUBIC), 1e-9);
        assertClose(get("resample_linear_img2"), Resample.toSize(img2(), new int[] {20, 7}, Kernel.LINEAR), 1e-9);
        assertClose(get("resample_cubic_img2"), Resample.toSize(img2(), new int[] {20, 7}, Kernel.CUBIC), 1e-9);
        // float32 through the same ops stays within 1e-6 of the range
        Tensor f = Resample.toSize(get("img2"), new int[] {20, 7}, Kernel.CUBIC);
        assertEquals(DType.FLOAT32, f.dtype());
        assertClose(get("resample_cubic_img2"), f, 1e-4);
    }

    @Test
    void minMaxAndClipping() {
        Tensor x = Tensor.of(new float[] {2, 4, 6, 10}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 1}, Normalization.minMax(x).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0}, Normalization.minMax(Tensor.of(new float[] {3, 3, 3}, 3)).toFloatArray());
        double[] p = Percentile.of(x.toDoubleArray(), 10, 90);
        assertArrayEquals(new double[] {2.6, 8.8}, p, 1e-12);
        assertArrayEquals(new float[] {2.6f, 4, 6, 8.8f}, Normalization.clipPercentiles(x, 10, 90).toFloatArray(), 1e-6f);
    }
}
