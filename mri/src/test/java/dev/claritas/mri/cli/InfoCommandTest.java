package dev.claritas.mri.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.mri.cli.ClaritasCliTest.Run;
import dev.claritas.mri.io.Nifti;
import dev.claritas.mri.io.NiftiDatatype;
import dev.claritas.mri.io.NiftiHeader;
import dev.claritas.mri.io.NiftiImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code claritas info}: the header summary of the shipped scan and of a scaled 4-D series without orientation. */
class InfoCommandTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void findDemoData() {
        System.setProperty("claritas.home", "..");
    }

    @Test
    void summarisesTheShippedScan() {
        Run r = ClaritasCliTest.run("info", DemoData.scan().toString());
        assertEquals(0, r.code(), r.err());
        // what examples/data/README.md and nibabel say about the file
        String expected = """
                shape        128 x 128 x 62
                voxel size   2 x 2 x 3 mm
                datatype     int16 (16 bits per voxel)
                scaling      slope 1, intercept 0 (values are stored as they are)
                qform        code 2 (aligned)
                sform        code 1 (scanner)
                affine       voxel to world, from sform
                             [   -2    0    0    0 ]
                             [    0    0    3 -254 ]
                             [    0    2    0    0 ]
                             [    0    0    0    1 ]
                value range  0 .. 255
                descrip      (empty)
                """;
        assertTrue(r.out().startsWith("file         " + DemoData.scan()), r.out());
        assertEquals(expected, r.out().substring(r.out().indexOf('\n') + 1).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void showsScalingTimeStepNanAndDescription() throws IOException {
        int[] dim = {4, 3, 2, 2, 5, 1, 1, 1};
        float[] pixdim = {1, 0.5f, 0.5f, 1.25f, 2.5f, 1, 1, 1};
        float[] zeros = new float[4];
        NiftiHeader header = new NiftiHeader(dim, NiftiDatatype.INT16, pixdim, 352, 0.5f, -10, NiftiHeader.UNITS_MM_SEC,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, zeros, zeros, zeros, "phantom \"A\"", 0, 0, 0, 0, "");
        float[] data = new float[3 * 2 * 2 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = -10 + 0.5f * i;
        }
        Path file = dir.resolve("series.nii.gz");
        Nifti.write(file, new NiftiImage(header, data), NiftiDatatype.INT16);

        Run r = ClaritasCliTest.run("info", file.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("shape        3 x 2 x 2 x 5\n"), out);
        assertTrue(out.contains("voxel size   0.5 x 0.5 x 1.25 mm, 2.5 s per volume\n"), out);
        assertTrue(out.contains("scaling      slope 0.5, intercept -10 (value = stored * slope + intercept)\n"), out);
        assertTrue(out.contains("qform        code 0 (unknown)\n"), out);
        assertTrue(out.contains("affine       voxel to world, from pixdim only (no qform or sform)\n"), out);
        assertTrue(out.contains("[  0.5    0    0    0 ]\n"), out);
        assertTrue(out.contains("value range  -10 .. 19.5\n"), out);
        assertTrue(out.contains("descrip      \"phantom \"A\"\"\n"), out);
    }

    @Test
    void notNiftiIsOneLineErrorAndMissingArgumentAUsageError() throws IOException {
        Path text = java.nio.file.Files.writeString(dir.resolve("notes.nii"), "not an image ".repeat(40));
        MetricsCommandTest.assertOneLineError(ClaritasCliTest.run("info", text.toString()), "notes.nii");
        assertEquals(2, ClaritasCliTest.run("info").code());
    }

    @Test
    void listsAFastMriFilesDatasetsAttributesAndHeaderLength() {
        Run r = ClaritasCliTest.run("info", "src/test/resources/io/h5/multicoil.h5");
        assertEquals(0, r.code(), r.err());
        // what h5py says about the file written by make_fastmri.py; the header is 169 bytes of ASCII
        String expected = """
                file         src/test/resources/io/h5/multicoil.h5
                dataset      ismrmrd_header: scalar string
                dataset      kspace: 2 x 3 x 8 x 6 complex64
                dataset      reconstruction_rss: 2 x 4 x 4 float32
                attribute    acquisition = "CORPD_FBK"
                attribute    max = 3.875
                attribute    norm = 12.75735092163086
                attribute    patient_id = "0123abcd"
                ismrmrd      header of 169 characters
                """;
        assertEquals(expected, r.out().replace(System.lineSeparator(), "\n"));
    }

    /** A file laid out as fastMRI's test set: its column mask is an h5py bool (an HDF5 enum), listed as such. */
    @Test
    void listsAKspaceOnlyFileWithItsBoolMask() {
        Run r = ClaritasCliTest.run("info", "src/test/resources/io/h5/kspace_only_multicoil.h5");
        assertEquals(0, r.code(), r.err());
        String expected = """
                file         src/test/resources/io/h5/kspace_only_multicoil.h5
                dataset      ismrmrd_header: scalar string
                dataset      kspace: 3 x 4 x 10 x 8 complex64
                dataset      mask: 8 bool
                attribute    acceleration = 2
                attribute    acquisition = "AXT2"
                attribute    num_low_frequency = 3
                attribute    patient_id = "4567cdef"
                ismrmrd      header of 169 characters
                """;
        assertEquals(expected, r.out().replace(System.lineSeparator(), "\n"));
    }
}
