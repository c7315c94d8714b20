package dev.claritas.mri.kspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.io.Json;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The deterministic parts of fastMRI's masks, line for line. {@code tools/make_kspace_fixtures.py}
 * writes fastMRI's mask classes out in Python and records, for each kind and every offset it can
 * draw, the mask over the lines, the number of centre lines and the adjusted acceleration; for
 * {@code RandomMaskFunc}, the centre lines and the probability of the others. Shapes include odd
 * line counts and centre fractions whose line count rounds half to even (100 · 0.125 = 12.5 → 12).
 */
class FastMriMaskParityTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/kspace/masks.safetensors");
    /** The shape fastMRI's script passes: [coils, rows, columns, complex], lines along the columns. */
    static final int ROWS = 7;

    @Test
    void everyDeterministicMaskMatchesFastMri() throws IOException {
        SafeTensorsFile file = SafeTensors.read(FIXTURE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) Json.parse(file.metadata().get("cases"));
        assertTrue(cases.size() > 100, "fixture holds " + cases.size() + " cases");
        int checked = 0;
        for (Map<String, Object> c : cases) {
            String kind = (String) c.get("kind");
            int numCols = ((Long) c.get("num_cols")).intValue();
            double fraction = ((Number) c.get("center_fraction")).doubleValue();
            int acceleration = ((Long) c.get("acceleration")).intValue();
            int numLow = ((Long) c.get("num_low_frequencies")).intValue();
            float[] expected = TensorFiles.fromRaw(file.tensor((String) c.get("name"))).toFloatArray();
            String where = c.toString();
            if (kind.equals("random")) {
                boolean[] centre = MaskFunc.centreMask(numCols, MaskFunc.roundHalfEven(numCols * fraction));
                assertArrayEquals(expected, toFloats(centre), where);
                assertEquals((Double) c.get("probability"), RandomMaskFunc.probability(numCols, acceleration, numLow), 1e-15, where);
            } else {
                int offset = ((Long) c.get("offset")).intValue();
                MaskFunc f = MaskFunc.create(kind, new double[] {fraction}, new int[] {acceleration});
                SampledMask sampled = f.sample(new int[] {15, ROWS, numCols, 2}, OptionalInt.of(offset), OptionalLong.of(7));
                assertArrayEquals(new int[] {1, 1, numCols, 1}, sampled.mask().shape().toArray(), where);
                assertArrayEquals(expected, sampled.mask().toFloatArray(), where);
                assertEquals(numLow, sampled.numLowFrequencies(), where);
                if (kind.equals("equispaced_fraction")) {
                    // exactly the same double: numpy's arange steps by it
                    assertEquals((Double) c.get("adjusted_acceleration"),
                            EquispacedMaskFractionFunc.adjustedAcceleration(numCols, acceleration, numLow), 0.0, where);
                }
                if (kind.equals("magic_fraction")) {
                    assertEquals(((Long) c.get("adjusted_acceleration")).intValue(),
                            MagicMaskFractionFunc.adjust(numCols, fraction, acceleration).acceleration(), where);
                }
            }
            checked++;
        }
        assertEquals(cases.size(), checked);
    }

    /**
     * Without an offset, one is drawn from the same range as fastMRI's {@code randint}: over many seeds
     * every mask is one of the fixture's masks for that configuration, and every one of them occurs.
     */
    @Test
    void drawnOffsetsCoverExactlyFastMrisRange() throws IOException {
        SafeTensorsFile file = SafeTensors.read(FIXTURE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) Json.parse(file.metadata().get("cases"));
        Map<List<Object>, Set<List<Float>>> byConfiguration = new LinkedHashMap<>();
        for (Map<String, Object> c : cases) {
            if (!c.get("kind").equals("random")) {
                List<Object> key = List.of(c.get("kind"), c.get("num_cols"), c.get("center_fraction"), c.get("acceleration"));
                float[] mask = TensorFiles.fromRaw(file.tensor((String) c.get("name"))).toFloatArray();
                byConfiguration.computeIfAbsent(key, k -> new HashSet<>()).add(boxed(mask));
            }
        }
        for (var entry : byConfiguration.entrySet()) {
            List<Object> key = entry.getKey();
            int numCols = ((Long) key.get(1)).intValue();
            MaskFunc f = MaskFunc.create((String) key.get(0), new double[] {((Number) key.get(2)).doubleValue()},
                    new int[] {((Long) key.get(3)).intValue()});
            Set<List<Float>> seen = new HashSet<>();
            for (long seed = 0; seed < 400; seed++) {
                List<Float> mask = boxed(f.sample(new int[] {1, ROWS, numCols, 2}, seed).mask().toFloatArray());
                assertTrue(entry.getValue().contains(mask), key + ", seed " + seed + ": a mask no offset of fastMRI's range gives");
                seen.add(mask);
            }
            assertEquals(entry.getValue(), seen, key + ": offsets never drawn in 400 seeds");
        }
    }

    private static List<Float> boxed(float[] values) {
        List<Float> list = new ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    private static float[] toFloats(boolean[] mask) {
        float[] f = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            f[i] = mask[i] ? 1f : 0f;
        }
        return f;
    }
}
