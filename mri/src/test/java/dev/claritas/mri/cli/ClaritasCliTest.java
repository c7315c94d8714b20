package dev.claritas.mri.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claritas command as a user meets it: exit codes, one-line errors, outputs that keep the input's geometry. */
class ClaritasCliTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void findDemoData() {
        System.setProperty("claritas.home", "..");
    }

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            int code = Claritas.run(args);
            return new Run(code, o.toString(), e.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static void assertOneLineError(Run r, String... fragments) {
        assertEquals(1, r.code(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line expected, got: " + err);
        assertFalse(err.contains("Exception"), "no stack trace or exception class expected, got: " + err);
        assertTrue(err.startsWith("claritas: "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "expected '" + f + "' in: " + err);
        }
    }

    @Test
    void missingInputIsOneLineError() {
        Path missing = dir.resolve("nope.nii.gz");
        assertOneLineError(run("denoise", "--input", missing.toString(), "--output", dir.resolve("o.nii").toString()), "nope.nii.gz");
    }

    @Test
    void notNiftiIsOneLineError() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.nii"), "this is not an image ".repeat(30));
        assertOneLineError(run("denoise", "--input", text.toString(), "--output", dir.resolve("o.nii").toString()), "notes.nii");
    }

    @Test
    void truncatedHeaderIsOneLineError() throws IOException {
        byte[] valid = Files.readAllBytes(writeVolume(new int[] {16, 16, 2}));
        Path cut = Files.write(dir.resolve("cut.nii"), java.util.Arrays.copyOf(valid, 100));
        assertOneLineError(run("denoise", "--input", cut.toString(), "--output", dir.resolve("o.nii").toString()), "cut.nii");
    }

    @Test
    void fourDimensionalSeriesIsRefused() throws IOException {
        Path series = writeVolume(new int[] {16, 16, 2, 3});
        assertOneLineError(run("denoise", "--input", series.toString(), "--output", dir.resolve("o.nii").toString()), "4-D");
    }

    @Test
    void unknownOptionIsUsageError() {
        Run r = run("denoise", "--frobnicate");
        assertEquals(2, r.code());
    }

    @Test
    void denoisesThreeDimensionalScanKeepingGeometryAndScale() throws IOException {
        NiftiImage scan = Nifti.read(DemoData.scan());
        NiftiHeader header = scan.header().sliceRange(30, 3);
        int sliceSize = 128 * 128;
        float[] slices = java.util.Arrays.copyOfRange(scan.data(), 30 * sliceSize, 33 * sliceSize);
        float[] scaled = slices.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 7.5f; // another intensity scale than the one training saw
        }
        NiftiImage original = denoise(new NiftiImage(header, slices), "original");
        NiftiImage rescaled = denoise(new NiftiImage(header, scaled), "scaled");

        assertArrayEquals(new int[] {128, 128, 3}, rescaled.shape());
        assertArrayEquals(header.sformAffine(), rescaled.header().sformAffine());
        assertArrayEquals(header.qformAffine(), rescaled.header().qformAffine());
        assertArrayEquals(header.pixdim(), rescaled.header().pixdim());
        // intensities are normalised by the scan's maximum and restored: scaling the input scales the output
        float max = 0;
        for (float v : original.data()) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < slices.length; i++) {
            assertEquals(7.5 * original.data()[i], rescaled.data()[i], 1e-4 * 7.5 * max, "voxel " + i);
        }
    }

    private NiftiImage denoise(NiftiImage image, String name) throws IOException {
        Path input = dir.resolve(name + ".nii.gz");
        Path output = dir.resolve("out/" + name + "-denoised.nii.gz");
        Nifti.write(input, image);
        Run r = run("denoise", "--input", input.toString(), "--output", output.toString());
        assertEquals(0, r.code(), r.err());
        return Nifti.read(output);
    }

    @Test
    void denoisesTwoDimensionalImage() throws IOException {
        Path input = writeVolume(new int[] {32, 24});
        Path output = dir.resolve("slice-denoised.nii");
        Run r = run("denoise", "--input", input.toString(), "--output", output.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new int[] {32, 24}, Nifti.read(output).shape());
    }

    @Test
    void demoBeatsTheNoisyInput() throws IOException {
        Run r = run("demo", "--output", dir.toString());
        assertEquals(0, r.code(), r.err());
        double[] noisy = metrics(r.out(), "noisy"), denoised = metrics(r.out(), "denoised");
        assertTrue(denoised[0] > noisy[0] + 3, "PSNR should improve by more than 3 dB: " + r.out());
        assertTrue(denoised[1] > noisy[1] + 0.05, "SSIM should improve by more than 0.05: " + r.out());
        for (String f : new String[] {"noisy.nii.gz", "denoised.nii.gz", "reference.nii.gz", "demo.png"}) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f);
        }
    }

    @Test
    void trainWritesLoadableWeights() throws IOException {
        Path weights = dir.resolve("w/dncnn.safetensors");
        Run r = run("train", "denoise", "--steps", "2", "--output", weights.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("2", dev.claritas.tensor.io.SafeTensors.read(weights).metadata().get("step"));
        Run demo = run("demo", "--model", weights.toString(), "--output", dir.resolve("demo").toString());
        assertEquals(0, demo.code(), demo.err());
    }

    @Test
    void unknownTrainingTaskIsOneLineError() {
        assertOneLineError(run("train", "segment"), "segment");
    }

    private static double[] metrics(String out, String label) {
        Matcher m = Pattern.compile(label + ":\\s+PSNR\\s+([0-9.]+) dB\\s+SSIM ([0-9.]+)").matcher(out);
        assertTrue(m.find(), "no metrics for " + label + " in: " + out);
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    private Path writeVolume(int[] shape) throws IOException {
        float[] voxelSize = new float[shape.length];
        java.util.Arrays.fill(voxelSize, 1f);
        NiftiHeader header = NiftiHeader.of(shape, voxelSize);
        float[] data = new float[(int) header.voxelCount()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (100 + 50 * Math.sin(i * 0.1));
        }
        Path p = dir.resolve("vol" + shape.length + "d.nii");
        Nifti.write(p, new NiftiImage(header, data));
        return p;
    }

}
