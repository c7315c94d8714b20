package dev.claritas.benchmarks.gpu;

import dev.claritas.benchmarks.workload.ConvLayer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A convolution layer and the batch it runs on, named {@code LAYER} (batch 1) or {@code LAYERnB},
 * e.g. {@code 32-32k3@320} or {@code 32-32k3@48n16} (the DnCNN's layer on its 16 training patches).
 * The layer names are {@link ConvLayer}'s.
 */
record ConvCase(ConvLayer layer, int batch) {
    private static final Pattern NAME = Pattern.compile("(.+?)(?:n(\\d+))?");

    ConvCase {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
    }

    /** Parses {@code LAYER} or {@code LAYERnB}. */
    static ConvCase parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("conv case '" + name + "' is not LAYER or LAYERnB");
        }
        return new ConvCase(ConvLayer.parse(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
    }

    /** The name the runner and the PyTorch peer print: {@code LAYER nB}. */
    String label() {
        return layer + " n" + batch;
    }
}
