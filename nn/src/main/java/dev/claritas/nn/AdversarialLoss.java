package dev.claritas.nn;

import dev.claritas.tensor.Tensor;

/**
 * GAN objectives on the discriminator's raw outputs (logits), one per {@link Kind}, in the two forms
 * GAN training alternates: {@link #discriminator} on logits of real and of generated samples, and
 * {@link #generator} on logits of generated samples. Pass the discriminator logits of
 * {@code fake.detach()} to {@link #discriminator}, so its step does not reach the generator.
 *
 * <p>The discriminator loss is the sum of its real and fake terms, as in the original GAN objective
 * (pix2pix halves it). Means are over all elements, so PatchGAN maps work as they are. WGAN-GP's
 * gradient penalty is not here: it needs the gradient of a gradient, which the autograd engine does not
 * build (backward runs without recording a graph).
 */
public final class AdversarialLoss {
    /** Which objective. */
    public enum Kind {
        /**
         * The original GAN with the non-saturating generator loss (BCE with logits, PyTorch's
         * {@code BCEWithLogitsLoss}): D minimises BCE(real, 1) + BCE(fake, 0), G minimises BCE(fake, 1).
         */
        VANILLA,
        /** Least squares (LSGAN, as pix2pix's {@code MSELoss}): D mean((real − 1)²) + mean(fake²), G mean((fake − 1)²). */
        LSGAN,
        /** Hinge (SAGAN, BigGAN): D mean(relu(1 − real)) + mean(relu(1 + fake)), G −mean(fake). */
        HINGE
    }

    private static final BCEWithLogitsLoss BCE = new BCEWithLogitsLoss();

    private final Kind kind;

    public AdversarialLoss(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The discriminator's loss, from its logits on real samples and on (detached) generated ones. */
    public Tensor discriminator(Tensor realLogits, Tensor fakeLogits) {
        return switch (kind) {
            case VANILLA -> BCE.apply(realLogits, realLogits.onesLike()).add(BCE.apply(fakeLogits, fakeLogits.zerosLike()));
            case LSGAN -> realLogits.sub(1).square().mean().add(fakeLogits.square().mean());
            case HINGE -> realLogits.neg().add(1).relu().mean().add(fakeLogits.add(1).relu().mean());
        };
    }

    /** The generator's loss, from the discriminator's logits on generated samples. */
    public Tensor generator(Tensor fakeLogits) {
        return switch (kind) {
            case VANILLA -> BCE.apply(fakeLogits, fakeLogits.onesLike());
            case LSGAN -> fakeLogits.sub(1).square().mean();
            case HINGE -> fakeLogits.mean().neg();
        };
    }
}
