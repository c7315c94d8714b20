package dev.claritas.nn;

import static dev.claritas.nn.LossFixtures.args;
import static dev.claritas.nn.LossFixtures.assertSsimClose;
import static dev.claritas.nn.LossFixtures.tensor;
import static dev.claritas.nn.NnFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SSIMLoss with both windows and MSSSIMLoss against the fixtures of {@code tools/make_loss_fixtures.py}:
 * there the Gaussian window is MONAI's SSIMLoss (a 2-D 11×11 kernel), the uniform one fastMRI's
 * {@code SSIMLoss} class written out, and MS-SSIM pytorch_msssim's {@code ms_ssim} written out, all in
 * float64. Loss values agree within 1e-5 absolutely, input gradients within 1e-5 of their largest magnitude.
 */
class SsimLossTest {

    static List<String> ssimFixtures() {
        return LossFixtures.names("ssim_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ssimFixtures")
    void ssimMatchesReference(String name) {
        SafeTensorsFile f = LossFixtures.read(name);
        Map<String, Object> a = args(f);
        Tensor x = tensor(f, "input").requiresGrad(true);
        Tensor y = tensor(f, "target");
        boolean perImage = "per_image".equals(a.get("data_range"));
        double range = perImage ? 1 : ((Number) a.get("data_range")).doubleValue();
        SSIMLoss loss = a.get("window").equals("gaussian") ? SSIMLoss.gaussian(range) : SSIMLoss.fastMri(range);
        Tensor out = perImage ? loss.apply(x, y, tensor(f, "data_range")) : loss.apply(x, y);
        assertSsimClose(tensor(f, "output"), out, name);
        out.backward();
        assertClose(tensor(f, "grad_input"), x.grad(), name + " input gradient");
    }

    static List<String> msSsimFixtures() {
        return LossFixtures.names("msssim_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("msSsimFixtures")
    void msSsimMatchesPytorchMsssim(String name) {
        SafeTensorsFile f = LossFixtures.read(name);
        Tensor x = tensor(f, "input").requiresGrad(true);
        Tensor out = new MSSSIMLoss(((Number) args(f).get("data_range")).doubleValue()).apply(x, tensor(f, "target"));
        assertSsimClose(tensor(f, "output"), out, name);
        out.backward();
        assertClose(tensor(f, "grad_input"), x.grad(), name + " input gradient");
    }

    @Test
    void identicalImagesScoreOne() {
        Tensor x = Ops.uniform(new int[] {2, 1, 12, 13}, 0, 1, DType.FLOAT32, Device.CPU, new Generator(3));
        assertEquals(1, SSIMLoss.gaussian(1).ssim(x, x).item(), 1e-6);
        assertEquals(0, SSIMLoss.fastMri(1).apply(x, x).item(), 1e-6);
    }

    @Test
    void perImageRangeEqualsScalarRangeWhenAllAgree() {
        Generator gen = new Generator(5);
        Tensor x = Ops.uniform(new int[] {3, 1, 9, 10}, 0, 2, DType.FLOAT32, Device.CPU, gen);
        Tensor y = Ops.uniform(new int[] {3, 1, 9, 10}, 0, 2, DType.FLOAT32, Device.CPU, gen);
        SSIMLoss loss = SSIMLoss.fastMri(2);
        assertEquals(loss.apply(x, y).item(), loss.apply(x, y, Tensor.full(new int[] {3}, 2, DType.FLOAT32, Device.CPU)).item(),
                1e-7);
    }

    @Test
    void refusesWhatItCannotMeasure() {
        Tensor small = Tensor.zeros(1, 1, 10, 20);
        var e = assertThrows(IllegalArgumentException.class, () -> SSIMLoss.gaussian(1).apply(small, small));
        assertTrue(e.getMessage().contains("10×20") && e.getMessage().contains("11×11"), e.getMessage());

        Tensor tooSmall = Tensor.zeros(1, 1, 160, 300);
        e = assertThrows(IllegalArgumentException.class, () -> new MSSSIMLoss(1).apply(tooSmall, tooSmall));
        assertTrue(e.getMessage().contains("160×300") && e.getMessage().contains("at least 161"), e.getMessage());
        assertEquals(41, new MSSSIMLoss(1, new double[] {0.5, 0.5, 0.5}).minimumSide());

        Tensor images = Tensor.zeros(2, 1, 8, 8);
        assertThrows(ShapeMismatchException.class, () -> SSIMLoss.fastMri(1).apply(images, images, Tensor.ones(3)));
        assertThrows(IllegalArgumentException.class, () -> SSIMLoss.fastMri(1).apply(images, images,
                Tensor.of(new float[] {1, 0}, 2)));
        assertThrows(ShapeMismatchException.class, () -> SSIMLoss.fastMri(1).apply(Tensor.zeros(8, 8), Tensor.zeros(8, 8)));
        assertThrows(IllegalArgumentException.class, () -> SSIMLoss.gaussian(0));
    }
}
