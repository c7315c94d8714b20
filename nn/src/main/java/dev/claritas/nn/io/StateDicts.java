package dev.claritas.nn.io;

import dev.claritas.nn.Module;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Module weights as safetensors files with PyTorch's key names, so weights move between Claritas
 * and PyTorch ({@code safetensors.torch.save_file(model.state_dict(), ...)}) unchanged.
 */
public final class StateDicts {
    private StateDicts() {}

    /** Writes the module's state dict atomically; {@code metadata} goes into the file's header. */
    public static void save(Module module, Path path, Map<String, String> metadata) throws IOException {
        TensorFiles.save(path, module.stateDict(), metadata);
    }

    /** Loads a safetensors file into the module; returns the file's metadata. */
    public static Map<String, String> load(Module module, Path path, boolean strict) throws IOException {
        return load(module, SafeTensors.read(path), strict);
    }

    /** Loads safetensors bytes from a stream (e.g. a class-path resource) into the module. */
    public static Map<String, String> load(Module module, InputStream in, String name, boolean strict) throws IOException {
        return load(module, SafeTensors.read(in, name), strict);
    }

    /** Loads an already parsed safetensors file into the module; returns its metadata. */
    public static Map<String, String> load(Module module, SafeTensorsFile file, boolean strict) {
        Map<String, Tensor> state = TensorFiles.fromFile(file);
        module.loadStateDict(state, strict);
        return file.metadata();
    }
}
