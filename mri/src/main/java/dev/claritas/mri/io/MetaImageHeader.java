package dev.claritas.mri.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a MetaImage header (ITK's MetaIO, "MetaIO Documentation", metaImage.cxx) that locate and decode the
 * voxels and place them in the world. The header is {@code Key = Value} lines ending with {@code ElementDataFile}.
 *
 * @param dimSize      voxels along each axis, first fastest
 * @param elementType  the MET_* type name
 * @param kind         'u', 'i' or 'f', as {@link RawValues} takes it
 * @param elementSize  bytes per voxel
 * @param msb          whether multi-byte values are big-endian (BinaryDataByteOrderMSB or ElementByteOrderMSB)
 * @param spacing      ElementSpacing, one per axis (1 if absent)
 * @param offset       Offset (or Position, Origin): the first voxel's centre in LPS world coordinates
 * @param transform    TransformMatrix (or Rotation, Orientation), row-major as written: row i is axis i's direction
 * @param compressed   CompressedData
 * @param compressedSize CompressedDataSize, or -1 if absent
 * @param headerSize   HeaderSize of a separate data file: bytes to skip, -1 for "the data is at the end", 0 if absent
 * @param dataFile     ElementDataFile: "LOCAL" or a file name relative to the header
 */
record MetaImageHeader(int[] dimSize, String elementType, char kind, int elementSize, boolean msb, double[] spacing,
        double[] offset, double[] transform, boolean compressed, long compressedSize, long headerSize,
        String dataFile) {

    /** MetaIO's element types this reader decodes: name, kind, size. */
    private static final Map<String, String> TYPES = Map.of(
            "MET_UCHAR", "u1", "MET_CHAR", "i1", "MET_USHORT", "u2", "MET_SHORT", "i2",
            "MET_UINT", "u4", "MET_INT", "i4", "MET_FLOAT", "f4", "MET_DOUBLE", "f8");
    private static final int MAX_DIMS = 7; // what a NIfTI image can take

    /** Number of voxels, or Long.MAX_VALUE if over Integer.MAX_VALUE (no Java array could hold them). */
    long voxelCount() {
        long n = 1;
        for (int d : dimSize) {
            n *= d; // both factors below 2^31: no overflow
            if (n > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /**
     * Parses the header lines (everything before the data).
     *
     * @param text the header, up to and including the ElementDataFile line
     */
    static MetaImageHeader parse(Path file, String text) throws ImageFormatException {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ImageFormatException(file, "header", "line '" + abbreviate(line) + "' is not Key = Value");
            }
            fields.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        Fields f = new Fields(file, fields);
        String objectType = f.text("ObjectType", "Image");
        if (!objectType.equals("Image")) {
            throw new ImageFormatException(file, "ObjectType", objectType + " is not an image");
        }
        int nDims = (int) f.integer("NDims", 1, MAX_DIMS);
        double[] sizes = f.numbers("DimSize", nDims, null);
        int[] dimSize = new int[nDims];
        for (int i = 0; i < nDims; i++) {
            if (!(sizes[i] >= 1) || sizes[i] > Integer.MAX_VALUE || sizes[i] != Math.rint(sizes[i])) {
                throw new ImageFormatException(file, "DimSize", "size " + sizes[i] + " of axis " + i + " is not a "
                        + "whole number from 1 to " + Integer.MAX_VALUE);
            }
            dimSize[i] = (int) sizes[i];
        }
        String elementType = f.text("ElementType", null);
        String code = TYPES.get(elementType);
        if (code == null) {
            throw new ImageFormatException(file, "ElementType", elementType + " is not supported; supported: "
                    + String.join(", ", TYPES.keySet().stream().sorted().toList()));
        }
        long channels = f.integer("ElementNumberOfChannels", 1, Integer.MAX_VALUE, 1);
        if (channels != 1) {
            throw new ImageFormatException(file, "ElementNumberOfChannels", channels + " channels per voxel are "
                    + "not supported; one is");
        }
        if (!f.bool("BinaryData", true)) {
            throw new ImageFormatException(file, "BinaryData", "ASCII voxel data is not supported");
        }
        boolean msb = f.has("BinaryDataByteOrderMSB") ? f.bool("BinaryDataByteOrderMSB", false)
                : f.bool("ElementByteOrderMSB", false);
        double[] ones = new double[nDims];
        Arrays.fill(ones, 1);
        double[] spacing = f.numbers("ElementSpacing", nDims, ones);
        for (double s : spacing) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new ImageFormatException(file, "ElementSpacing", Arrays.toString(spacing) + " is not all "
                        + "positive and finite");
            }
        }
        double[] offset = f.numbers(f.alias("Offset", "Position", "Origin"), nDims, new double[nDims]);
        double[] identity = new double[nDims * nDims];
        for (int i = 0; i < nDims; i++) {
            identity[i * nDims + i] = 1;
        }
        double[] transform = f.numbers(f.alias("TransformMatrix", "Rotation", "Orientation"), nDims * nDims, identity);
        boolean compressed = f.bool("CompressedData", false);
        long compressedSize = f.integer("CompressedDataSize", 0, Long.MAX_VALUE / 2, -1);
        long headerSize = f.integer("HeaderSize", -1, Long.MAX_VALUE / 2, 0);
        String dataFile = f.text("ElementDataFile", null);
        if (dataFile.equals("LIST") || dataFile.contains("%")) {
            throw new ImageFormatException(file, "ElementDataFile", "a list of slice files (" + dataFile
                    + ") is not supported; LOCAL or one file is");
        }
        return new MetaImageHeader(dimSize, elementType, code.charAt(0), code.charAt(1) - '0', msb, spacing, offset,
                transform, compressed, compressedSize, headerSize, dataFile);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Typed access to the raw key-value pairs, each failure naming its key. */
    private record Fields(Path file, Map<String, String> map) {

        boolean has(String key) {
            return map.containsKey(key);
        }

        /** The first of these keys that is present, else the first. */
        String alias(String... keys) {
            return Arrays.stream(keys).filter(map::containsKey).findFirst().orElse(keys[0]);
        }

        String text(String key, String fallback) throws ImageFormatException {
            String v = map.get(key);
            if (v == null && fallback == null) {
                throw new ImageFormatException(file, key, "missing from the header");
            }
            return v == null ? fallback : v;
        }

        boolean bool(String key, boolean fallback) throws ImageFormatException {
            String v = map.get(key);
            if (v == null) {
                return fallback;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw new ImageFormatException(file, key, "'" + v + "' is not True or False");
            };
        }

        long integer(String key, long min, long max) throws ImageFormatException {
            return parseInteger(key, min, max, text(key, null));
        }

        long integer(String key, long min, long max, long fallback) throws ImageFormatException {
            String v = map.get(key);
            return v == null ? fallback : parseInteger(key, min, max, v);
        }

        private long parseInteger(String key, long min, long max, String v) throws ImageFormatException {
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new ImageFormatException(file, key, "'" + abbreviate(v) + "' is not an integer");
            }
            if (n < min || n > max) {
                throw new ImageFormatException(file, key, n + " is outside " + min + ".." + max);
            }
            return n;
        }

        double[] numbers(String key, int count, double[] fallback) throws ImageFormatException {
            String v = map.get(key);
            if (v == null) {
                if (fallback == null) {
                    throw new ImageFormatException(file, key, "missing from the header");
                }
                return fallback;
            }
            String[] parts = v.split("\\s+");
            if (parts.length != count) {
                throw new ImageFormatException(file, key, "has " + parts.length + " values; " + count + " expected");
            }
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                try {
                    out[i] = Double.parseDouble(parts[i]);
                } catch (NumberFormatException e) {
                    throw new ImageFormatException(file, key, "'" + abbreviate(parts[i]) + "' is not a number");
                }
            }
            return out;
        }
    }
}
