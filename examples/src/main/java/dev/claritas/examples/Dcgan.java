package dev.claritas.examples;

import dev.claritas.autograd.GradMode;
import dev.claritas.nn.BatchNorm2d;
import dev.claritas.nn.Conv2d;
import dev.claritas.nn.ConvTranspose2d;
import dev.claritas.nn.LeakyReLU;
import dev.claritas.nn.Module;
import dev.claritas.nn.ReLU;
import dev.claritas.nn.Sequential;
import dev.claritas.nn.Tanh;
import dev.claritas.nn.init.Init;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;

/**
 * The two networks of a DCGAN (Radford et al., 2016) for 32×32 one-channel images in [−1, 1], narrow enough to
 * train for a few hundred steps in a minute or two on 2 cores: strided (transposed) 4×4 convolutions instead of
 * pooling, batch norm, ReLU in the generator and leaky ReLU in the discriminator, and the paper's initialisation.
 */
final class Dcgan {
    /** Length of the latent vector z. */
    static final int LATENT = 64;
    /** Channels of the widest layer; each upsampling step halves them. */
    static final int WIDTH = 64;

    private Dcgan() {}

    /** z [N, LATENT, 1, 1] → 4×4 → 8×8 → 16×16 → 32×32 image [N, 1, 32, 32], through Tanh. */
    static Sequential generator() {
        Sequential g = new Sequential(
                // A 4×4 transposed convolution of a 1×1 input is a linear map from z to a 4×4 feature map.
                new ConvTranspose2d(LATENT, WIDTH, k4(), s(1), s(0), s(0), 1, false, s(1)),
                new BatchNorm2d(WIDTH), new ReLU(),
                up(WIDTH, WIDTH / 2), new BatchNorm2d(WIDTH / 2), new ReLU(),
                up(WIDTH / 2, WIDTH / 4), new BatchNorm2d(WIDTH / 4), new ReLU(),
                new ConvTranspose2d(WIDTH / 4, 1, k4(), s(2), s(1), s(0), 1, true, s(1)),
                new Tanh());
        initialise(g);
        return g;
    }

    /** image [N, 1, 32, 32] → 16×16 → 8×8 → 4×4 → one logit [N, 1, 1, 1]: how real the image looks. */
    static Sequential discriminator() {
        Sequential d = new Sequential(
                // No batch norm on the input layer, as in the paper: it would normalise away the image statistics.
                new Conv2d(1, WIDTH / 4, 4, 2, 1, true), new LeakyReLU(0.2),
                new Conv2d(WIDTH / 4, WIDTH / 2, 4, 2, 1, false), new BatchNorm2d(WIDTH / 2), new LeakyReLU(0.2),
                new Conv2d(WIDTH / 2, WIDTH, 4, 2, 1, false), new BatchNorm2d(WIDTH), new LeakyReLU(0.2),
                new Conv2d(WIDTH, 1, 4, 1, 0, true));
        initialise(d);
        return d;
    }

    /** A transposed convolution that doubles height and width; no bias, as a batch norm follows. */
    private static ConvTranspose2d up(int in, int out) {
        return new ConvTranspose2d(in, out, k4(), s(2), s(1), s(0), 1, false, s(1));
    }

    /**
     * DCGAN's initialisation, in place of the layers' own (PyTorch's Kaiming-uniform): convolution weights from
     * N(0, 0.02²), batch-norm scales from N(1, 0.02²), biases 0.
     */
    private static void initialise(Sequential net) {
        // In layer order, so the draws from the seeded generator are the same every run. (Module.children() is a
        // Map.copyOf, whose iteration order changes from one JVM to the next.)
        for (int i = 0; i < net.size(); i++) {
            Module m = net.get(i);
            if (m instanceof Conv2d || m instanceof ConvTranspose2d) {
                Init.normal(m.namedParameters().get("weight").value(), 0, 0.02);
            } else if (m instanceof BatchNorm2d) {
                Init.normal(m.namedParameters().get("weight").value(), 1, 0.02);
            }
            var bias = m.namedParameters().get("bias");
            if (bias != null) {
                try (var noGrad = GradMode.disable()) {
                    bias.value().fill(0);
                }
            }
        }
    }

    private static int[] k4() {
        return s(4);
    }

    private static int[] s(int v) {
        return new int[] {v, v};
    }

    /** Draws [n, LATENT, 1, 1] latent vectors from N(0, 1) with {@code generator}. */
    static Tensor latent(int n, Generator generator) {
        return Ops.normal(new int[] {n, LATENT, 1, 1}, 0, 1, DType.FLOAT32, Device.CPU, generator);
    }
}
