package dev.claritas.mri.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.claritas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** fastMRI's centre-crop conventions for odd excess, and pad as its inverse. */
class CenterCropTest {

    static Tensor ramp(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Tensor.of(v, shape);
    }

    @Test
    void cropStartsAtHalfTheExcessRoundedDown() {
        Tensor x = ramp(1, 1, 5, 6);  // fastMRI: h_from = (5 − 2) // 2 = 1, w_from = (6 − 3) // 2 = 1
        Tensor c = CenterCrop.crop(x, 2, 3);
        assertArrayEquals(new float[] {7, 8, 9, 13, 14, 15}, c.toFloatArray());
    }

    @Test
    void complexCropLeavesTheComplexAxis() {
        Tensor x = ramp(5, 4, 2);
        Tensor c = CenterCrop.complexCrop(x, 3, 1);  // rows 1..3, column 1
        assertArrayEquals(new int[] {3, 1, 2}, c.shape().toArray());
        assertArrayEquals(new float[] {10, 11, 18, 19, 26, 27}, c.toFloatArray());
    }

    @Test
    void padIsTheInverseOfCrop() {
        Tensor x = ramp(1, 3, 2, 5);
        Tensor p = CenterCrop.pad(x, 5, 3, 8);
        assertArrayEquals(new int[] {1, 5, 3, 8}, p.shape().toArray());
        assertArrayEquals(x.toFloatArray(), CenterCrop.crop(p, 3, 2, 5).toFloatArray());
        Tensor mixed = CenterCrop.cropOrPad(ramp(1, 1, 7, 2), 3, 5);
        assertArrayEquals(new int[] {1, 1, 3, 5}, mixed.shape().toArray());
        assertArrayEquals(new float[] {0, 4, 5, 0, 0}, mixed.narrow(2, 0, 1).flatten().toFloatArray());
    }
}
