package dev.claritas.mri.io;

import dev.claritas.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A fastMRI HDF5 file (the fastMRI dataset's README, "Data"): {@code kspace}, complex64 of shape
 * {@code [slices, coils, H, W]} (multi-coil) or {@code [slices, H, W]} (single-coil), stored by h5py as a compound
 * of float32 members {@code r} and {@code i}; the ground truth {@code reconstruction_rss} (multi-coil) or
 * {@code reconstruction_esc} (single-coil), float32 {@code [slices, h, w]}; the {@code ismrmrd_header} XML; and the
 * root attributes {@code acquisition}, {@code max}, {@code norm} and {@code patient_id}. Read with jhdf, a pure-Java
 * HDF5 library, one slice at a time so a volume never has to fit in memory at once.
 *
 * <p>Slices come back as float32 tensors, k-space with the library's trailing complex dimension of 2. Sizes are
 * checked before reading, and the library's own errors on a damaged file become {@link ImageFormatException}s.
 */
public final class FastMriFile implements AutoCloseable {

    /** Floats one slice may hold: what a Java array can. */
    private static final long MAX_SLICE_FLOATS = Integer.MAX_VALUE - 8;

    private final Path file;
    private final HdfFile hdf;

    private FastMriFile(Path file, HdfFile hdf) {
        this.file = file;
        this.hdf = hdf;
    }

    /**
     * Opens a file; close it when done.
     *
     * @throws ImageFormatException if it is missing or not HDF5
     */
    public static FastMriFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ImageFormatException(file, "file", Files.exists(file) ? "is not a regular file" : "not found");
        }
        try {
            return new FastMriFile(file, new HdfFile(file));
        } catch (RuntimeException e) {
            throw new ImageFormatException(file, "HDF5", "cannot be opened (" + e.getMessage() + ")", e);
        }
    }

    /** Every dataset at the root with its shape, in file order. */
    public Map<String, int[]> datasets() throws ImageFormatException {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Node node : children().values()) {
            if (node instanceof Dataset d) {
                out.put(d.getName(), d.getDimensions());
            }
        }
        return out;
    }

    /** The root attributes (acquisition, max, norm, patient_id and any others): strings, numbers or arrays. */
    public Map<String, Object> attributes() throws ImageFormatException {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Attribute> e : hdf.getAttributes().entrySet()) {
                out.put(e.getKey(), e.getValue().getData());
            }
        } catch (RuntimeException e) {
            throw new ImageFormatException(file, "attributes", "unreadable (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** The ISMRMRD XML header, if the file has one. */
    public Optional<String> ismrmrdHeader() throws ImageFormatException {
        Optional<Dataset> d = dataset("ismrmrd_header");
        if (d.isEmpty()) {
            return Optional.empty();
        }
        Object value = read("ismrmrd_header", d.get()::getData);
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw new ImageFormatException(file, "ismrmrd_header", "is " + value.getClass().getSimpleName()
                + ", not a string");
    }

    /** The shape of {@code kspace}: {@code [slices, coils, H, W]} or {@code [slices, H, W]}. */
    public int[] kspaceShape() throws ImageFormatException {
        return require("kspace").getDimensions();
    }

    /** Whether k-space has a coil dimension. */
    public boolean isMulticoil() throws ImageFormatException {
        return kspaceShape().length == 4;
    }

    /** One slice of k-space as a tensor {@code [coils, H, W, 2]} or {@code [H, W, 2]}. */
    public Tensor kspaceSlice(int slice) throws ImageFormatException {
        Dataset d = require("kspace");
        int[] dims = d.getDimensions();
        if (dims.length != 3 && dims.length != 4) {
            throw new ImageFormatException(file, "kspace", "shape " + Arrays.toString(dims) + " is not [slices, "
                    + "(coils,) H, W]");
        }
        checkSize(dims, 2);
        long[] offset = sliceOffset(dims, slice);
        Object data = read("kspace", () -> d.getData(offset, sliceShape(dims)));
        if (!(data instanceof Map<?, ?> members) || !(members.get("r") != null && members.get("i") != null)) {
            throw new ImageFormatException(file, "kspace", "is not complex (an HDF5 compound of r and i)");
        }
        float[] re = flatten(members.get("r"), "kspace");
        float[] im = flatten(members.get("i"), "kspace");
        float[] pairs = new float[2 * re.length];
        for (int i = 0; i < re.length; i++) {
            pairs[2 * i] = re[i];
            pairs[2 * i + 1] = im[i];
        }
        int[] shape = Arrays.copyOf(Arrays.copyOfRange(dims, 1, dims.length), dims.length);
        shape[dims.length - 1] = 2;
        return Tensor.of(pairs, shape);
    }

    /**
     * The name of the image dataset present: the ground truth {@code reconstruction_rss} or
     * {@code reconstruction_esc}, else {@code reconstruction}, what fastMRI's {@code save_reconstructions} writes
     * for a model's output (and {@link FastMriVolume#write} too).
     */
    public Optional<String> reconstructionName() throws ImageFormatException {
        Map<String, int[]> all = datasets();
        for (String name : new String[] {"reconstruction_rss", "reconstruction_esc", FastMriVolume.RECONSTRUCTION}) {
            if (all.containsKey(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** One slice of the ground truth as a tensor {@code [h, w]}. */
    public Tensor reconstructionSlice(int slice) throws ImageFormatException {
        String name = reconstructionName().orElseThrow(() -> new ImageFormatException(file, "reconstruction_rss",
                "neither it nor reconstruction_esc nor reconstruction is in the file"));
        Dataset d = require(name);
        int[] dims = d.getDimensions();
        if (dims.length != 3) {
            throw new ImageFormatException(file, name, "shape " + Arrays.toString(dims) + " is not [slices, h, w]");
        }
        checkSize(dims, 1);
        long[] offset = sliceOffset(dims, slice);
        Object data = read(name, () -> d.getData(offset, sliceShape(dims)));
        return Tensor.of(flatten(data, name), dims[1], dims[2]);
    }

    @Override
    public void close() {
        hdf.close();
    }

    /** The root's members; jhdf reads them lazily, so a damaged file fails here rather than on opening. */
    private Map<String, Node> children() throws ImageFormatException {
        try {
            return hdf.getChildren();
        } catch (RuntimeException e) {
            throw new ImageFormatException(file, "root group", "unreadable (" + e.getMessage() + ")", e);
        }
    }

    private Optional<Dataset> dataset(String name) throws ImageFormatException {
        Node node = children().get(name);
        return node instanceof Dataset d ? Optional.of(d) : Optional.empty();
    }

    private Dataset require(String name) throws ImageFormatException {
        return dataset(name).orElseThrow(() -> new ImageFormatException(file, name, "no such dataset"));
    }

    /** Checks that one slice fits a Java array. */
    private void checkSize(int[] dims, int valuesPerItem) throws ImageFormatException {
        long n = valuesPerItem;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
            if (n > MAX_SLICE_FLOATS) {
                throw new ImageFormatException(file, "shape", Arrays.toString(dims) + ": one slice is larger than "
                        + "a Java array can hold");
            }
        }
    }

    private long[] sliceOffset(int[] dims, int slice) {
        if (slice < 0 || slice >= dims[0]) {
            throw new IndexOutOfBoundsException("slice " + slice + " of " + dims[0]);
        }
        long[] offset = new long[dims.length];
        offset[0] = slice;
        return offset;
    }

    private static int[] sliceShape(int[] dims) {
        int[] shape = dims.clone();
        shape[0] = 1;
        return shape;
    }

    /** A nested float array from jhdf as one flat row-major array. */
    private float[] flatten(Object nested, String name) throws ImageFormatException {
        if (nested instanceof float[] f) {
            return f;
        }
        if (nested == null || !nested.getClass().isArray() || !nested.getClass().getComponentType().isArray()) {
            throw new ImageFormatException(file, name, "is not float32 data");
        }
        int n = Array.getLength(nested);
        float[][] parts = new float[n][];
        int total = 0;
        for (int i = 0; i < n; i++) {
            parts[i] = flatten(Array.get(nested, i), name);
            total += parts[i].length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A jhdf read, its runtime errors on damaged data reported against the dataset. */
    private Object read(String name, Supplier<Object> reader) throws ImageFormatException {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            throw new ImageFormatException(file, name, "unreadable (" + e.getMessage() + ")", e);
        }
    }
}
