package dev.claritas.nn;

import static dev.claritas.nn.LossFixtures.tensor;
import static dev.claritas.nn.NnFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each adversarial objective against the fixtures of {@code tools/make_loss_fixtures.py}, where PyTorch
 * computes it from {@code binary_cross_entropy_with_logits}, {@code mse_loss} and {@code relu}: the
 * discriminator's loss with its gradients for the real and fake logits, and the generator's.
 */
class AdversarialLossTest {

    @ParameterizedTest
    @EnumSource(AdversarialLoss.Kind.class)
    void matchesPyTorch(AdversarialLoss.Kind kind) {
        SafeTensorsFile f = LossFixtures.read("adversarial__" + kind.name().toLowerCase());
        assertEquals(kind.name().toLowerCase(), LossFixtures.args(f).get("kind"));
        AdversarialLoss loss = new AdversarialLoss(kind);

        Tensor real = tensor(f, "real").requiresGrad(true);
        Tensor fake = tensor(f, "fake").requiresGrad(true);
        Tensor d = loss.discriminator(real, fake);
        assertClose(tensor(f, "discriminator"), d, kind + " discriminator loss");
        d.backward();
        assertClose(tensor(f, "discriminator.grad_real"), real.grad(), kind + " discriminator gradient of real logits");
        assertClose(tensor(f, "discriminator.grad_fake"), fake.grad(), kind + " discriminator gradient of fake logits");

        Tensor fakeAgain = tensor(f, "fake").requiresGrad(true);
        Tensor g = loss.generator(fakeAgain);
        assertClose(tensor(f, "generator"), g, kind + " generator loss");
        g.backward();
        assertClose(tensor(f, "generator.grad_fake"), fakeAgain.grad(), kind + " generator gradient");
    }
}
