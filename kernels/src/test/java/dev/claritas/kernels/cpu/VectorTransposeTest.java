package dev.claritas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The register transposition the weight gradient reads its output-gradient chunks through. */
class VectorTransposeTest {
    @Test
    void sixteenRowsBecomeSixteenColumnsAndNothingElseIsWritten() {
        assumeTrue(Vectorization.ENABLED && FloatVector.SPECIES_PREFERRED.length() == VectorTranspose.SIZE,
                "needs the Vector API with 16-lane vectors (AVX-512)");
        int srcStride = 37, dstStride = 21, srcBase = 5, dstBase = 3;
        float[] src = new float[srcBase + 16 * srcStride];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        float[] dst = new float[dstBase + 16 * dstStride];
        java.util.Arrays.fill(dst, -1f);
        VectorTranspose.block(src, srcBase, srcStride, dst, dstBase, dstStride);
        for (int i = 0; i < 16; i++) {
            for (int c = 0; c < dstStride; c++) {
                float expected = c < 16 ? src[srcBase + c * srcStride + i] : -1f;
                assertEquals(expected, dst[dstBase + i * dstStride + c], "row " + i + ", column " + c);
            }
        }
        for (int i = 0; i < dstBase; i++) {
            assertEquals(-1f, dst[i]);
        }
    }
}
