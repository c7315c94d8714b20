package dev.claritas.mri.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.mri.cli.ClaritasCliTest.Run;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import dev.claritas.mri.metrics.ImageMetrics;
import dev.claritas.mri.metrics.MaskedMetrics;
import dev.claritas.mri.metrics.RegionMetrics;
import dev.claritas.mri.metrics.SsimVariant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code claritas metrics}: the JSON it prints holds the library's numbers (which the metrics tests check against
 * scikit-image), for volumes and 2-D images, with and without masks; mismatched inputs give one-line errors.
 */
class MetricsCommandTest {

    private static final int NX = 20, NY = 16, NZ = 3;

    @TempDir
    Path dir;

    private final float[] gt = new float[NX * NY * NZ];
    private final float[] pred = new float[gt.length];
    private final boolean[] inner = new boolean[gt.length];
    private final boolean[] outer = new boolean[gt.length];
    private final boolean[] left = new boolean[gt.length];
    private final boolean[] right = new boolean[gt.length];

    MetricsCommandTest() {
        for (int i = 0; i < gt.length; i++) {
            int x = i % NX, y = i / NX % NY;
            gt[i] = (float) (100 + 60 * Math.sin(x * 0.5) * Math.cos(y * 0.4) + (i % 7));
            pred[i] = gt[i] + (float) (8 * Math.sin(i * 1.7));
            inner[i] = x >= 4 && x < 16 && y >= 3 && y < 13;
            outer[i] = !inner[i];
            left[i] = inner[i] && x < 10;
            right[i] = inner[i] && x >= 10;
        }
    }

    @Test
    void printsFastMriMetricsOfAVolumeAsOneJsonLine() throws IOException {
        Run r = ClaritasCliTest.run("metrics", "--reference", write("gt.nii.gz", gt), "--input", write("x.nii", pred));
        assertEquals(0, r.code(), r.err());
        Map<String, Double> json = parse(r.out());
        assertEquals(List.of("psnr", "ssim", "nmse", "mse", "mae", "data_range"), new ArrayList<>(json.keySet()));
        assertEquals(ImageMetrics.psnr(gt, pred), json.get("psnr"), 1e-12);
        assertEquals(ImageMetrics.ssimVolume(gt, pred, NX, NY, NZ), json.get("ssim"), 1e-12);
        assertEquals(ImageMetrics.nmse(gt, pred), json.get("nmse"), 1e-12);
        assertEquals(ImageMetrics.mse(gt, pred), json.get("mse"), 1e-12);
        assertEquals(ImageMetrics.mae(gt, pred), json.get("mae"), 1e-12);
        assertEquals(ImageMetrics.max(gt), json.get("data_range"));
    }

    @Test
    void masksAddMaskedSnrCnrAndCjv() throws IOException {
        Run r = ClaritasCliTest.run("metrics", "--reference", write("gt.nii", gt), "--input", write("x.nii", pred),
                "--ssim", "gaussian", "--mask", write("fg.nii", inner), "--background", write("bg.nii", outer),
                "--tissue", write("l.nii", left), "--tissue", write("r.nii", right));
        assertEquals(0, r.code(), r.err());
        Map<String, Double> json = parse(r.out());
        double range = ImageMetrics.max(gt);
        assertEquals(ImageMetrics.ssimVolume(gt, pred, NX, NY, NZ, range, SsimVariant.GAUSSIAN), json.get("ssim"), 1e-12);
        assertEquals(MaskedMetrics.count(inner), json.get("mask_voxels"));
        assertEquals(MaskedMetrics.psnr(gt, pred, inner), json.get("masked_psnr"), 1e-12);
        assertEquals(MaskedMetrics.ssimVolume(gt, pred, inner, NX, NY, NZ, range, SsimVariant.GAUSSIAN),
                json.get("masked_ssim"), 1e-12);
        assertEquals(MaskedMetrics.nmse(gt, pred, inner), json.get("masked_nmse"), 1e-12);
        assertEquals(MaskedMetrics.mse(gt, pred, inner), json.get("masked_mse"), 1e-12);
        assertEquals(RegionMetrics.snr(pred, inner, outer), json.get("snr"), 1e-12);
        assertEquals(RegionMetrics.snr(gt, inner, outer), json.get("reference_snr"), 1e-12);
        assertEquals(RegionMetrics.cnr(pred, left, right), json.get("cnr"), 1e-12);
        assertEquals(RegionMetrics.cnr(gt, left, right), json.get("reference_cnr"), 1e-12);
        assertEquals(RegionMetrics.cjv(pred, left, right), json.get("cjv"), 1e-12);
        assertEquals(RegionMetrics.cjv(gt, left, right), json.get("reference_cjv"), 1e-12);
    }

    @Test
    void twoDimensionalImagesAndIdenticalOnesGiveNullPsnr() throws IOException {
        float[] slice = java.util.Arrays.copyOf(gt, NX * NY);
        String file = write("slice.nii", slice, NX, NY);
        Run r = ClaritasCliTest.run("metrics", "--reference", file, "--input", file);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"psnr\": null"), r.out()); // JSON has no Infinity
        Map<String, Double> json = parse(r.out());
        assertEquals(1, json.get("ssim"), 1e-12);
        assertEquals(0, json.get("mse"));
    }

    @Test
    void shapeMismatchNamesBothShapes() throws IOException {
        String other = write("small.nii", new float[NX * NY * 2], NX, NY, 2);
        Run r = ClaritasCliTest.run("metrics", "--reference", write("gt.nii", gt), "--input", other);
        assertOneLineError(r, "shape mismatch", "20x16x3", "20x16x2", "small.nii");
        Run mask = ClaritasCliTest.run("metrics", "--reference", write("gt.nii", gt), "--input", write("x.nii", pred),
                "--mask", other);
        assertOneLineError(mask, "20x16x3", "mask", "20x16x2");
    }

    @Test
    void emptyMaskAndZeroReferenceAreOneLineErrors() throws IOException {
        Run r = ClaritasCliTest.run("metrics", "--reference", write("gt.nii", gt), "--input", write("x.nii", pred),
                "--mask", write("empty.nii", new boolean[gt.length]));
        assertOneLineError(r, "empty.nii", "no non-zero voxels");
        String zeros = write("zeros.nii", new float[gt.length]);
        assertOneLineError(ClaritasCliTest.run("metrics", "--reference", zeros, "--input", zeros), "maximum is 0.0");
    }

    @Test
    void optionMisuseIsAUsageError() throws IOException {
        String a = write("gt.nii", gt), m = write("fg.nii", inner);
        assertEquals(2, ClaritasCliTest.run("metrics", "--reference", a, "--input", a, "--ssim", "wang").code());
        assertEquals(2, ClaritasCliTest.run("metrics", "--reference", a, "--input", a, "--tissue", m).code());
        assertEquals(2, ClaritasCliTest.run("metrics", "--reference", a, "--input", a, "--background", m).code());
        assertEquals(2, ClaritasCliTest.run("metrics", "--input", a).code());
    }

    @Test
    void jsonKeysAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", MetricsCommand.JsonNumbers.quote("a\"b\\c\n\u0001"));
        assertEquals("{\"x\": 1.5, \"n\": 3, \"nan\": null}", new MetricsCommand.JsonNumbers()
                .put("x", 1.5).put("n", 3L).put("nan", Double.NaN).toString());
    }

    static void assertOneLineError(Run r, String... fragments) {
        assertEquals(1, r.code(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line expected, got: " + err);
        assertTrue(err.startsWith("claritas: "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "expected '" + f + "' in: " + err);
        }
    }

    /** The printed object: one line, keys in order, numbers (null as NaN). */
    private static Map<String, Double> parse(String out) {
        String line = out.strip();
        assertFalse(line.contains("\n"), "one line expected: " + out);
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\": (null|-?[0-9][0-9.]*(?:E-?[0-9]+)?)(, |})").matcher(line);
        int end = 1;
        while (m.find()) {
            assertEquals(end, m.start(), "unparsed text in " + line);
            values.put(m.group(1), m.group(2).equals("null") ? Double.NaN : Double.parseDouble(m.group(2)));
            end = m.end();
        }
        assertEquals(line.length(), end, "unparsed text in " + line);
        return values;
    }

    private String write(String name, float[] data) throws IOException {
        return write(name, data, NX, NY, NZ);
    }

    private String write(String name, boolean[] mask) throws IOException {
        float[] data = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            data[i] = mask[i] ? 1 : 0;
        }
        return write(name, data);
    }

    private String write(String name, float[] data, int... shape) throws IOException {
        float[] voxelSize = new float[shape.length];
        java.util.Arrays.fill(voxelSize, 1f);
        Path file = dir.resolve(name);
        Nifti.write(file, new NiftiImage(NiftiHeader.of(shape, voxelSize), data));
        return file.toString();
    }
}
