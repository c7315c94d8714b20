package dev.claritas.nn;

import static dev.claritas.nn.LossFixtures.tensor;
import static dev.claritas.nn.NnFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.nn.models.Vgg;
import dev.claritas.tensor.Shape;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.Json;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Vgg against torchvision's VGG16/VGG19 as {@code tools/make_loss_fixtures.py} defines them from torch.nn
 * layers (torchvision is not installed there): every state-dict key and shape of the features, and the
 * activations of the first ten layers with random weights; then the perceptual loss on those layers.
 */
class VggTest {
    private static final String FIXTURE = "vgg16__features10";

    @Test
    void vgg16KeysAndShapesAreTorchvisions() {
        assertSameFeatureKeys("torchvision_vgg16", Vgg::vgg16);
    }

    @Test
    void vgg19KeysAndShapesAreTorchvisions() {
        assertSameFeatureKeys("torchvision_vgg19", Vgg::vgg19);
    }

    /** Our state dict is torchvision's minus the classifier, key for key and in order. */
    private static void assertSameFeatureKeys(String metadataKey, Supplier<Vgg> build) {
        Map<String, Shape> features = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (Object entry : (List<?>) Json.parse(LossFixtures.read(FIXTURE).metadata().get(metadataKey))) {
            List<?> pair = (List<?>) entry;
            String key = (String) pair.get(0);
            if (key.startsWith("features.")) {
                int[] dims = ((List<?>) pair.get(1)).stream().mapToInt(d -> ((Number) d).intValue()).toArray();
                features.put(key, Shape.of(dims));
            } else {
                others.add(key);
            }
        }
        assertTrue(others.stream().allMatch(k -> k.startsWith("classifier.")), "torchvision's other keys: " + others);
        Map<String, Shape> ours = new LinkedHashMap<>();
        build.get().stateDict().forEach((k, v) -> ours.put(k, v.shape()));
        assertEquals(List.copyOf(features.entrySet()), List.copyOf(ours.entrySet()));
    }

    @Test
    void truncatedVgg16FeaturesMatchTorchvision() {
        SafeTensorsFile f = LossFixtures.read(FIXTURE);
        Vgg vgg = loadedTruncated(f);
        int[] outputs = ((List<?>) Json.parse(f.metadata().get("outputs"))).stream().mapToInt(i -> ((Number) i).intValue()).toArray();
        List<Tensor> acts = vgg.activations(tensor(f, "input"), outputs);
        for (int i = 0; i < outputs.length; i++) {
            assertClose(tensor(f, "features." + outputs[i]), acts.get(i), "features." + outputs[i]);
        }
        assertClose(tensor(f, "features.9"), vgg.forward(tensor(f, "input")), "forward");
    }

    /**
     * features[:10] with the fixture's weights, loaded as a whole torchvision state dict would be: keys of
     * layers past the truncation and of the classifier are skipped.
     */
    private static Vgg loadedTruncated(SafeTensorsFile f) {
        Vgg vgg = Vgg.vgg16(Integer.parseInt(f.metadata().get("layers")));
        Map<String, Tensor> state = new LinkedHashMap<>();
        f.tensors().keySet().stream().filter(k -> k.startsWith("state."))
                .forEach(k -> state.put(k.substring("state.".length()), tensor(f, k)));
        state.put("features.10.weight", Tensor.zeros(256, 128, 3, 3));
        state.put("classifier.6.bias", Tensor.zeros(1000));
        Module.LoadReport report = vgg.loadTorchvision(state);
        assertTrue(report.isClean(), report.toString());
        return vgg;
    }

    @Test
    void perceptualLossMatchesPyTorch() {
        SafeTensorsFile f = LossFixtures.read(FIXTURE);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) Json.parse(f.metadata().get("perceptual"));
        assertEquals("l1", spec.get("distance"));
        int[] layers = ((List<?>) spec.get("layers")).stream().mapToInt(i -> ((Number) i).intValue()).toArray();
        double[] weights = ((List<?>) spec.get("weights")).stream().mapToDouble(w -> ((Number) w).doubleValue()).toArray();
        Vgg vgg = loadedTruncated(f).freeze();
        PerceptualLoss loss = new PerceptualLoss(vgg.extractor(layers), weights, new L1Loss());

        Tensor x = tensor(f, "perceptual.input").requiresGrad(true);
        Tensor out = loss.apply(x, tensor(f, "perceptual.target"));
        assertClose(tensor(f, "perceptual.output"), out, "perceptual loss");
        out.backward();
        assertClose(tensor(f, "perceptual.grad_input"), x.grad(), "perceptual loss input gradient");
        vgg.parameters().forEach(p -> assertNull(p.grad(), "a frozen VGG gathers no gradients"));

        PerceptualLoss byName = new PerceptualLoss(vgg.extractor("relu1_2", "relu2_2"), weights, new L1Loss());
        assertEquals(out.item(), byName.apply(tensor(f, "perceptual.input"), tensor(f, "perceptual.target")).item(), 0);
    }

    @Test
    void layerNamesFollowTheLiterature() {
        Vgg vgg16 = Vgg.vgg16(30);
        assertEquals(3, vgg16.indexOf("relu1_2"));
        assertEquals(8, vgg16.indexOf("relu2_2"));
        assertEquals(15, vgg16.indexOf("relu3_3"));
        assertEquals(22, vgg16.indexOf("relu4_3"));
        assertEquals(29, vgg16.indexOf("relu5_3"));
        Vgg vgg19 = Vgg.vgg19(36);
        assertEquals(17, vgg19.indexOf("relu3_4"));
        assertEquals(26, vgg19.indexOf("relu4_4"));
        assertEquals(35, vgg19.indexOf("relu5_4"));
        var e = assertThrows(IllegalArgumentException.class, () -> Vgg.vgg16(9).indexOf("pool2"));
        assertTrue(e.getMessage().contains("pool2"), e.getMessage());
    }

    @Test
    void refusesForeignWeightsAndInputs() {
        Vgg vgg = Vgg.vgg16(4);
        Map<String, Tensor> state = new LinkedHashMap<>(vgg.stateDict());
        state.put("fc.weight", Tensor.zeros(2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> vgg.loadTorchvision(state));
        assertTrue(e.getMessage().contains("fc.weight"), e.getMessage());
        Map<String, Tensor> missing = new LinkedHashMap<>(vgg.stateDict());
        missing.remove("features.2.bias");
        assertThrows(IllegalArgumentException.class, () -> vgg.loadTorchvision(missing));
        assertThrows(IllegalArgumentException.class, () -> vgg.extractor(3, 8));
        assertThrows(IllegalArgumentException.class, () -> Vgg.vgg16(32));
        assertThrows(IllegalArgumentException.class, () -> Vgg.imageNetInput(Tensor.zeros(1, 2, 4, 4)));
    }

    @Test
    void oneChannelIsRepeatedThenNormalised() {
        Tensor gray = Tensor.full(new int[] {1, 1, 1, 1}, 0.5, dev.claritas.tensor.DType.FLOAT32, dev.claritas.tensor.Device.CPU);
        double[] rgb = Vgg.imageNetInput(gray).toDoubleArray();
        assertEquals((0.5 - 0.485) / 0.229, rgb[0], 1e-6);
        assertEquals((0.5 - 0.456) / 0.224, rgb[1], 1e-6);
        assertEquals((0.5 - 0.406) / 0.225, rgb[2], 1e-6);
    }
}
