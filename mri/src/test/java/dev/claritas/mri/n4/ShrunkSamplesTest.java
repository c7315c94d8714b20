package dev.claritas.mri.n4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShrunkSamplesTest {

    /**
     * ITK's ShrinkImageFilter centres the shrunk grid: for n = 62 and s = 4 it keeps 15 voxels starting at index
     * round(((62 − 1) − 14·4) / 2) = round(2.5) = 3 (halves round up); for n = 10, s = 4, 2 voxels from
     * round(2.5) = 3; for n = 8, s = 4, from round(1.5) = 2.
     */
    @Test
    void keepsItkShrinkImageFiltersVoxels() {
        int[] shape = {10, 8, 62};
        float[] image = new float[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < image.length; i++) {
            image[i] = i + 1; // the value names the voxel
        }
        boolean[] all = new boolean[image.length];
        Arrays.fill(all, true);
        ShrunkSamples s = ShrunkSamples.of(image, shape, all, 4);
        assertArrayEquals(new int[] {2, 2, 15}, s.sizes());
        assertEquals(2 * 2 * 15, s.size());
        int first = 3 + 10 * (2 + 8 * 3);
        assertEquals(first + 1, s.intensities()[0]);
        int last = (3 + 4) + 10 * ((2 + 4) + 8 * (3 + 14 * 4));
        assertEquals(last + 1, s.intensities()[s.size() - 1]);
        // the shrunk grid is the fit's domain: its first and last samples at 0 and 1
        assertArrayEquals(new double[] {0, 0, 0}, Arrays.copyOfRange(s.points(), 0, 3));
        assertArrayEquals(new double[] {1, 1, 1}, Arrays.copyOfRange(s.points(), 3 * s.size() - 3, 3 * s.size()));
        assertEquals(1 / 14.0, s.points()[3 * 4 + 2], 1e-15); // fifth sample: z index 1 of 15
    }

    @Test
    void masksOutVoxels() {
        int[] shape = {4, 4, 1};
        float[] image = new float[16];
        boolean[] mask = new boolean[16];
        mask[5] = true;
        image[5] = 7;
        ShrunkSamples s = ShrunkSamples.of(image, shape, mask, 1);
        assertEquals(1, s.size());
        assertEquals(7, s.intensities()[0]);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 0}, s.points(), 1e-15);
    }
}
