package dev.claritas.mri.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.CompoundDataType.CompoundDataMember;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The datasets at the root of an HDF5 file with their shapes and element types, named as NumPy (h5py) names
 * them: {@code float32}, {@code int16}, {@code complex64} (h5py's compound of float members {@code r} and
 * {@code i}), {@code string} (fixed or variable length), {@code bool} (h5py's enum FALSE = 0, TRUE = 1, as in the mask
 * of fastMRI's test files) or {@code enum of int8} and the like. For {@code claritas info} on fastMRI files; reads headers only, no data.
 */
public final class Hdf5Listing {
    private Hdf5Listing() {}

    /** One dataset: its name, shape and element type. */
    public record Entry(String name, int[] shape, String dtype) {}

    /** The root's datasets, in file order. */
    public static List<Entry> datasets(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ImageFormatException(file, "file", Files.exists(file) ? "is not a regular file" : "not found");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            List<Entry> out = new ArrayList<>();
            for (Node node : hdf.getChildren().values()) {
                if (node instanceof Dataset d) {
                    out.add(new Entry(d.getName(), d.getDimensions(), dtype(d.getDataType())));
                }
            }
            return out;
        } catch (RuntimeException e) {
            throw new ImageFormatException(file, "HDF5", "cannot be listed (" + e.getMessage() + ")", e);
        }
    }

    private static String dtype(DataType type) {
        return switch (type) {
            case FloatingPoint f -> "float" + 8 * f.getSize();
            case FixedPoint i -> (i.isSigned() ? "int" : "uint") + 8 * i.getSize();
            case StringData s -> "string";
            // before the String guard below: jhdf reads enum values as their names
            case EnumDataType e when isBool(e) -> "bool";
            case EnumDataType e -> "enum of " + dtype(e.getBaseType());
            // h5py stores a Python bytes object as a variable-length string (NumPy dtype object)
            case DataType t when t.getJavaType() == String.class -> "string";
            case CompoundDataType c when isComplex(c) -> "complex" + 8 * c.getSize();
            case CompoundDataType c -> "compound of " + c.getMembers().stream().map(CompoundDataMember::getName).toList();
            default -> type.getJavaType().getSimpleName();
        };
    }

    /** h5py's bool layout: an enum with exactly FALSE = 0 and TRUE = 1. */
    private static boolean isBool(EnumDataType e) {
        return e.getEnumMapping().equals(java.util.Map.of(0, "FALSE", 1, "TRUE"));
    }

    /** h5py's complex layout: two floating-point members named r and i. */
    private static boolean isComplex(CompoundDataType c) {
        List<CompoundDataMember> m = c.getMembers();
        return m.size() == 2 && m.get(0).getName().equals("r") && m.get(1).getName().equals("i")
                && m.get(0).getDataType() instanceof FloatingPoint && m.get(1).getDataType() instanceof FloatingPoint;
    }
}
