package dev.claritas.mri.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The real scan the demo and the shipped weights use: a T1 brain volume (128×128×62, see
 * examples/data/README.md), with the slices held out from training.
 */
public final class DemoData {
    /** Path of the scan relative to the project root. */
    public static final String RELATIVE_PATH = "examples/data/t1-brain.nii.gz";
    /** Slices [28, 36) along the third axis are the held-out evaluation slices. */
    public static final int HELD_OUT_FROM = 28, HELD_OUT_TO = 36;
    /** Slices within this many of the held-out block are used for neither training nor evaluation. */
    public static final int GAP = 1;

    private DemoData() {}

    /** The scan: under {@code -Dclaritas.home} (set by the launcher), else the working directory. */
    public static Path scan() {
        Path home = Path.of(System.getProperty("claritas.home", "."));
        Path file = home.resolve(RELATIVE_PATH);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("demo data not found at " + file.toAbsolutePath()
                    + "; run from the Claritas checkout or set -Dclaritas.home");
        }
        return file;
    }

    /** The slices used for training: all but the held-out block and its gap. */
    public static List<Integer> trainingSlices(int nz) {
        return IntStream.range(0, nz).filter(z -> z < HELD_OUT_FROM - GAP || z >= HELD_OUT_TO + GAP).boxed().toList();
    }
}
