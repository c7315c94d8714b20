package dev.claritas.mri.kspace;

import static dev.claritas.mri.kspace.ComplexTest.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Tensor;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** fastMRI's apply_mask: shapes, values, no signed zeros, and the acquisition window. */
class UndersamplingTest {

    @Test
    void masksWholeLinesOfBatchedMultiCoilKspace() {
        int w = 24;
        Tensor kspace = randn(1, 2, 3, 8, w, 2).to(DType.FLOAT32);
        MaskFunc f = new EquispacedMaskFunc(new double[] {0.25}, new int[] {4});
        MaskedKspace masked = Undersampling.applyMask(kspace, f, OptionalInt.empty(), OptionalLong.of(9));
        assertArrayEquals(new int[] {1, 1, 1, w, 1}, masked.mask().shape().toArray(), "leading dimensions set to 1");
        assertEquals(6, masked.numLowFrequencies());
        float[] lines = masked.mask().toFloatArray();
        float[] in = kspace.toFloatArray();
        float[] out = masked.kspace().toFloatArray();
        for (int i = 0; i < out.length; i++) {
            float expected = lines[(i / 2) % w] == 1f ? in[i] : 0f;
            // bitwise: +0, never −0, where unsampled
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[i]), "element " + i);
        }
        assertArrayEquals(lines, f.sample(new int[] {1, 1, 8, w, 2}, 9).mask().toFloatArray(), "the same seed, the same mask");
    }

    @Test
    void linesOutsideTheAcquisitionWindowAreUnsampled() {
        int w = 20;
        Tensor kspace = randn(2, 4, 6, w, 2);
        MaskFunc f = new EquispacedMaskFunc(new double[] {0.2}, new int[] {2});
        MaskedKspace full = Undersampling.applyMask(kspace, f, OptionalInt.of(0), OptionalLong.of(1));
        MaskedKspace windowed = Undersampling.applyMask(kspace, f, OptionalInt.of(0), OptionalLong.of(1), 3, 15);
        float[] a = full.mask().toFloatArray();
        float[] b = windowed.mask().toFloatArray();
        for (int i = 0; i < w; i++) {
            assertEquals(i >= 3 && i < 15 ? a[i] : 0f, b[i], "line " + i);
        }
        assertArrayEquals(Undersampling.applyMask(kspace, windowed.mask()).toDoubleArray(), windowed.kspace().toDoubleArray());
    }

    @Test
    void aTwoDimensionalMaskBroadcastsOverCoils() {
        Tensor kspace = randn(3, 4, 16, 16, 2);
        Tensor mask = PoissonDiscMask.generate(16, 16, 2, 4, 0, 3);
        double[] out = Undersampling.applyMask(kspace, mask).toDoubleArray();
        double[] in = kspace.toDoubleArray();
        float[] m = mask.toFloatArray();
        for (int i = 0; i < out.length; i++) {
            assertEquals(m[(i / 2) % 256] == 1f ? in[i] : 0.0, out[i], 0.0);
        }
    }
}
