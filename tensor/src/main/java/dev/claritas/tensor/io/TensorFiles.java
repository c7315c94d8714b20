package dev.claritas.tensor.io;


import dev.claritas.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tensors to and from safetensors files: float16 and bfloat16 are widened to float32 on load. */
public final class TensorFiles {
    private TensorFiles() {}

    /** The raw little-endian form of a tensor (copied to the host). */
    public static RawTensor toRaw(Tensor t) {
        int[] shape = t.shape().toArray();
        return switch (t.dtype()) {
            case FLOAT32 -> RawTensor.ofFloats(shape, t.toFloatArray());
            case FLOAT64 -> RawTensor.ofDoubles(shape, t.toDoubleArray());
            case INT64 -> RawTensor.ofLongs(shape, t.toLongArray());
            case BOOL -> RawTensor.ofBooleans(shape, t.toBooleanArray());
        };
    }

    /** A CPU tensor holding a raw tensor's values: F64 stays float64, integer types become int64, BOOL bool, the rest float32. */
    public static Tensor fromRaw(RawTensor raw) {
        int[] shape = raw.shape();
        return switch (raw.dtype()) {
            case "F64" -> Tensor.of(raw.toDoubles(), shape);
            case "I64", "I32", "I16", "I8", "U8" -> Tensor.of(raw.toLongs(), shape);
            case "BOOL" -> Tensor.of(raw.toBooleans(), shape);
            default -> Tensor.of(raw.toFloats(), shape);
        };
    }

    /** Writes named tensors atomically (temporary file, then rename). */
    public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, RawTensor> raw = new LinkedHashMap<>();
        tensors.forEach((k, v) -> raw.put(k, toRaw(v)));
        SafeTensors.write(path, raw, metadata);
    }

    /** Reads every tensor of a safetensors file, in file order, onto the CPU. */
    public static Map<String, Tensor> load(Path path) throws IOException {
        return fromFile(SafeTensors.read(path));
    }

    /** Converts every tensor of a parsed file. */
    public static Map<String, Tensor> fromFile(SafeTensorsFile file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        file.tensors().forEach((k, v) -> out.put(k, fromRaw(v)));
        return out;
    }

}
