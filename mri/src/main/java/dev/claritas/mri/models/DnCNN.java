package dev.claritas.mri.models;

import dev.claritas.nn.BatchNorm2d;
import dev.claritas.nn.Conv2d;
import dev.claritas.nn.Module;
import dev.claritas.nn.ReLU;
import dev.claritas.nn.Sequential;
import dev.claritas.tensor.Tensor;
import java.util.Map;

/**
 * DnCNN (Zhang et al. 2017), a residual denoiser: the network predicts the noise and the output is
 * the input minus that prediction. {@code depth} 3×3 conv layers: conv+ReLU, then (depth−2) ×
 * conv+BatchNorm+ReLU, then a conv back to one channel. Keys: {@code layers.0.weight}, ...
 */
public final class DnCNN extends Module {
    private final int depth;
    private final int channels;
    private final Sequential layers;

    public DnCNN(int depth, int channels) {
        if (depth < 3) {
            throw new IllegalArgumentException("DnCNN needs a depth of at least 3, got " + depth);
        }
        this.depth = depth;
        this.channels = channels;
        Sequential s = new Sequential(new Conv2d(1, channels, 3, 1, 1, true), new ReLU());
        for (int i = 0; i < depth - 2; i++) {
            s.add(new Conv2d(channels, channels, 3, 1, 1, false)).add(new BatchNorm2d(channels)).add(new ReLU());
        }
        s.add(new Conv2d(channels, 1, 3, 1, 1, false));
        this.layers = registerModule("layers", s);
    }

    /** The predicted noise of a [N, 1, H, W] batch. */
    public Tensor predictNoise(Tensor noisy) {
        return layers.forward(noisy);
    }

    /** The denoised batch: input minus predicted noise. */
    @Override
    public Tensor forward(Tensor noisy) {
        return noisy.sub(predictNoise(noisy));
    }

    /** The architecture as file metadata, so a weights file says what it holds. */
    public Map<String, String> metadata() {
        return metadata(depth, channels);
    }

    /** The metadata of a DnCNN of the given shape. */
    public static Map<String, String> metadata(int depth, int channels) {
        return Map.of("architecture", "DnCNN", "depth", Integer.toString(depth), "channels", Integer.toString(channels));
    }

    /** A DnCNN shaped as the metadata of a weights file describes. */
    public static DnCNN fromMetadata(Map<String, String> metadata, String fileName) {
        if (!"DnCNN".equals(metadata.get("architecture"))) {
            throw new IllegalArgumentException(fileName + ": not DnCNN weights (architecture="
                    + metadata.get("architecture") + ")");
        }
        try {
            return new DnCNN(Integer.parseInt(metadata.get("depth")), Integer.parseInt(metadata.get("channels")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(fileName + ": bad depth/channels metadata " + metadata);
        }
    }

    public int depth() {
        return depth;
    }

    public int channels() {
        return channels;
    }
}
