package dev.claritas.examples;

import dev.claritas.nn.AdaptiveAvgPool2d;
import dev.claritas.nn.BatchNorm2d;
import dev.claritas.nn.Conv2d;
import dev.claritas.nn.Linear;
import dev.claritas.nn.MaxPool2d;
import dev.claritas.nn.Module;
import dev.claritas.nn.ReLU;
import dev.claritas.nn.Sequential;
import dev.claritas.tensor.Tensor;

/**
 * A small CNN classifier of [N, 1, H, W] patches: three blocks of 3×3 convolution, batch norm, ReLU and 2×2 max
 * pooling (16, 32, 64 channels), global average pooling, and a linear layer to the class logits [N, classes].
 */
final class TissueNet extends Module {
    private final Sequential features;
    private final AdaptiveAvgPool2d pool;
    private final Linear classifier;

    TissueNet(int classes) {
        features = registerModule("features", new Sequential(
                block(1, 16), new MaxPool2d(2),
                block(16, 32), new MaxPool2d(2),
                block(32, 64), new MaxPool2d(2)));
        pool = registerModule("pool", new AdaptiveAvgPool2d(1));
        classifier = registerModule("classifier", new Linear(64, classes));
    }

    private static Sequential block(int in, int out) {
        // No conv bias: the batch norm that follows subtracts any constant anyway.
        return new Sequential(new Conv2d(in, out, 3, 1, 1, false), new BatchNorm2d(out), new ReLU());
    }

    @Override
    public Tensor forward(Tensor patches) {
        Tensor pooled = pool.forward(features.forward(patches));
        return classifier.forward(pooled.flatten(1, 3));
    }
}
