package dev.claritas.mri.denoise;

import dev.claritas.autograd.GradMode;
import dev.claritas.mri.models.DnCNN;
import dev.claritas.nn.io.StateDicts;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * Denoises volumes slice by slice with a trained DnCNN. Intensities are divided by the volume's
 * maximum before the network (as in training) and multiplied back after, so the output keeps the
 * input's scale.
 */
public final class Denoiser {
    /** The weights shipped in this jar: DnCNN trained on a real T1 brain scan (see examples/data). */
    public static final String DEFAULT_WEIGHTS = "/dev/claritas/mri/models/dncnn-t1-denoise.safetensors";

    private static final int SLICES_PER_BATCH = 4;

    private final DnCNN model;

    public Denoiser(DnCNN model) {
        this.model = model;
        model.eval();
    }

    /** The denoiser with the shipped weights. */
    public static Denoiser pretrained() throws IOException {
        try (InputStream in = Denoiser.class.getResourceAsStream(DEFAULT_WEIGHTS)) {
            if (in == null) {
                throw new IOException("the default weights " + DEFAULT_WEIGHTS + " are missing from the class path");
            }
            byte[] bytes = in.readAllBytes();
            return fromBytes(bytes, DEFAULT_WEIGHTS);
        }
    }

    /** A denoiser from a weights file written by training (a DnCNN safetensors file with its architecture in the metadata). */
    public static Denoiser load(Path weights) throws IOException {
        if (!Files.isRegularFile(weights)) {
            throw new IOException(weights + ": model file not found");
        }
        return fromBytes(Files.readAllBytes(weights), weights.toString());
    }

    /** Parses the file once: its metadata says which DnCNN to build, its tensors fill it. */
    private static Denoiser fromBytes(byte[] bytes, String name) {
        SafeTensorsFile file = SafeTensors.read(bytes, name);
        DnCNN model = DnCNN.fromMetadata(file.metadata(), name);
        StateDicts.load(model, file, true);
        return new Denoiser(model);
    }

    /** Moves the model to {@code device}, where {@link #denoise} will run; returns this denoiser. */
    public Denoiser to(Device device) {
        model.to(device);
        return this;
    }

    /** The device the model's parameters are on. */
    public Device device() {
        return model.parameters().getFirst().value().device();
    }

    public DnCNN model() {
        return model;
    }

    /** The denoised volume, same shape and scale; {@code progress} receives the number of slices done. */
    public Volume denoise(Volume noisy, IntConsumer progress) {
        float scale = noisy.max();
        if (!(scale > 0) || !Float.isFinite(scale)) {
            return new Volume(noisy.data().clone(), noisy.nx(), noisy.ny(), noisy.nz());
        }
        float[] out = new float[noisy.data().length];
        int sliceSize = noisy.nx() * noisy.ny();
        try (var noGrad = GradMode.disable()) {
            for (int z = 0; z < noisy.nz(); z += SLICES_PER_BATCH) {
                int end = Math.min(noisy.nz(), z + SLICES_PER_BATCH);
                Tensor batch = noisy.slices(z, end).to(device()).div(scale);
                float[] denoised = model.forward(batch).mul(scale).toFloatArray();
                System.arraycopy(denoised, 0, out, z * sliceSize, denoised.length);
                progress.accept(end);
            }
        }
        return new Volume(out, noisy.nx(), noisy.ny(), noisy.nz());
    }
}
