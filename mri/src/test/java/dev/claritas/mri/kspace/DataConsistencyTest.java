package dev.claritas.mri.kspace;

import static dev.claritas.mri.kspace.ComplexTest.leaf;
import static dev.claritas.mri.kspace.ComplexTest.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Hard and soft data consistency: values, the limits of the soft weight, and gradients. */
class DataConsistencyTest {
    /** A fastMRI line mask [1, 1, W, 1] over k-space [C, H, W, 2]: columns 0, 2 and 3 of 5 sampled. */
    static final Tensor MASK = Tensor.of(new double[] {1, 0, 1, 1, 0}, 1, 1, 5, 1);

    @Test
    void hardReplacesTheSampledLines() {
        Tensor predicted = randn(1, 2, 3, 5, 2);
        Tensor measured = randn(2, 2, 3, 5, 2);
        double[] out = DataConsistency.hard(predicted, measured, MASK).toDoubleArray();
        double[] p = predicted.toDoubleArray();
        double[] m = measured.toDoubleArray();
        for (int i = 0; i < out.length; i++) {
            int column = (i / 2) % 5;
            assertEquals(column == 1 || column == 4 ? p[i] : m[i], out[i], 0.0, "element " + i);
        }
        // a bool mask means the same
        Tensor bool = Tensor.of(new boolean[] {true, false, true, true, false}, 1, 1, 5, 1);
        assertArrayEquals(out, DataConsistency.hard(predicted, measured, bool).toDoubleArray());
    }

    @Test
    void softIsVarNetsUpdateAndSpansIdentityToHard() {
        Tensor predicted = randn(3, 2, 3, 5, 2);
        Tensor measured = randn(4, 2, 3, 5, 2);
        double w = 0.3;
        double[] out = DataConsistency.soft(predicted, measured, MASK, Tensor.of(new double[] {w}, 1)).toDoubleArray();
        double[] p = predicted.toDoubleArray();
        double[] m = measured.toDoubleArray();
        double[] mask = MASK.toDoubleArray();
        for (int i = 0; i < out.length; i++) {
            assertEquals(p[i] - w * mask[(i / 2) % 5] * (p[i] - m[i]), out[i], 1e-15);
        }
        assertArrayEquals(p, DataConsistency.soft(predicted, measured, MASK, Tensor.of(new double[] {0}, 1)).toDoubleArray());
        assertArrayEquals(DataConsistency.hard(predicted, measured, MASK).toDoubleArray(),
                DataConsistency.soft(predicted, measured, MASK, Tensor.of(new double[] {1}, 1)).toDoubleArray(), 1e-15);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ComplexTest.check(in -> DataConsistency.hard(in.get(0), in.get(1), MASK),
                leaf(randn(5, 2, 3, 5, 2)), leaf(randn(6, 2, 3, 5, 2)));
        ComplexTest.check(in -> DataConsistency.soft(in.get(0), in.get(1), MASK, in.get(2)),
                leaf(randn(7, 2, 3, 5, 2)), leaf(randn(8, 2, 3, 5, 2)), leaf(Tensor.of(new double[] {0.7}, 1)));
    }
}
