package dev.claritas.nn;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Maps an input to a list of feature tensors, for {@link PerceptualLoss}. */
@FunctionalInterface
public interface FeatureExtractor {
    List<Tensor> extract(Tensor input);

    /** The output of any module, as one feature tensor. */
    static FeatureExtractor of(Module module) {
        return x -> List.of(module.forward(x));
    }

    /**
     * The activations after the children of {@code layers} at {@code indices} (ascending), running the
     * layers only as far as the last of them: for a VGG's features, index 8 is relu2_2 of VGG16.
     */
    static FeatureExtractor of(Sequential layers, int... indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("FeatureExtractor: no layer indices given");
        }
        int[] sorted = indices.clone();
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= layers.size() || (i > 0 && sorted[i] <= sorted[i - 1])) {
                throw new IllegalArgumentException("FeatureExtractor: layer indices must ascend within [0, " + layers.size()
                        + "), got " + Arrays.toString(indices));
            }
        }
        return x -> {
            List<Tensor> features = new ArrayList<>(sorted.length);
            int next = 0;
            for (int i = 0; next < sorted.length; i++) {
                x = layers.get(i).forward(x);
                if (i == sorted[next]) {
                    features.add(x);
                    next++;
                }
            }
            return features;
        };
    }
}
