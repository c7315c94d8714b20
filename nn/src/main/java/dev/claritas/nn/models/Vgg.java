package dev.claritas.nn.models;

import dev.claritas.nn.Conv2d;
import dev.claritas.nn.FeatureExtractor;
import dev.claritas.nn.MaxPool2d;
import dev.claritas.nn.Module;
import dev.claritas.nn.ReLU;
import dev.claritas.nn.Sequential;
import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The convolutional part of VGG16 and VGG19 (Simonyan and Zisserman 2015), torchvision's
 * {@code vgg16().features} and {@code vgg19().features}: 3×3 convolutions with padding 1 and bias,
 * each followed by a ReLU, and a MaxPool2d(2, 2) after each block, in one {@link Sequential} registered
 * as {@code features}, so parameters carry torchvision's names ({@code features.0.weight},
 * {@code features.0.bias}, {@code features.2.weight}, ...) and torchvision's weights, converted to
 * safetensors, load with {@link #loadTorchvision}. The classifier is left out: feature losses do not use it.
 *
 * <p>Layers are also known by the names of the perceptual-loss literature: {@code conv<b>_<i>},
 * {@code relu<b>_<i>} for the i-th convolution of block b, {@code pool<b>}; in VGG16 relu2_2 is
 * index 8 and relu5_3 index 29, in VGG19 relu5_4 is index 35. A model may be built truncated, up to the
 * last layer a loss needs.
 */
public final class Vgg extends Module {
    private static final int POOL = 0;
    private static final int[] VGG16 = {64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL, 512, 512, 512, POOL,
        512, 512, 512, POOL};
    private static final int[] VGG19 = {64, 64, POOL, 128, 128, POOL, 256, 256, 256, 256, POOL, 512, 512, 512, 512,
        POOL, 512, 512, 512, 512, POOL};

    /** ImageNet's per-channel mean and standard deviation, which torchvision's weights expect. */
    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    private static final Pattern FEATURE_KEY = Pattern.compile("features\\.(\\d+)\\..+");

    private final String name;
    private final Sequential features;
    private final List<String> layerNames;

    private Vgg(String name, int[] config, int layers) {
        List<String> names = layerNames(config);
        if (layers < 1 || layers > names.size()) {
            throw new IllegalArgumentException(name + " has " + names.size() + " feature layers; cannot keep " + layers);
        }
        this.name = name;
        this.layerNames = List.copyOf(names.subList(0, layers));
        this.features = registerModule("features", new Sequential());
        int channels = 3;
        for (int v : config) {
            if (features.size() == layers) {
                break;
            }
            if (v == POOL) {
                features.add(new MaxPool2d(2, 2, 0, false));
            } else {
                features.add(new Conv2d(channels, v, 3, 1, 1, true));
                channels = v;
                if (features.size() < layers) {
                    features.add(new ReLU());
                }
            }
        }
    }

    /** All 31 layers of VGG16's features (14.7 million parameters). */
    public static Vgg vgg16() {
        return new Vgg("VGG16", VGG16, 31);
    }

    /** The first {@code layers} of VGG16's features, indices 0 to layers − 1. */
    public static Vgg vgg16(int layers) {
        return new Vgg("VGG16", VGG16, layers);
    }

    /** All 37 layers of VGG19's features (20 million parameters). */
    public static Vgg vgg19() {
        return new Vgg("VGG19", VGG19, 37);
    }

    /** The first {@code layers} of VGG19's features. */
    public static Vgg vgg19(int layers) {
        return new Vgg("VGG19", VGG19, layers);
    }

    /** conv1_1, relu1_1, conv1_2, relu1_2, pool1, conv2_1, ... in index order. */
    private static List<String> layerNames(int[] config) {
        List<String> names = new ArrayList<>();
        int block = 1;
        int conv = 0;
        for (int v : config) {
            if (v == POOL) {
                names.add("pool" + block);
                block++;
                conv = 0;
            } else {
                conv++;
                names.add("conv" + block + "_" + conv);
                names.add("relu" + block + "_" + conv);
            }
        }
        return names;
    }

    /** The feature layers, as torchvision's {@code model.features}. */
    public Sequential features() {
        return features;
    }

    /** The index in {@link #features()} of a layer named as {@code relu2_2}. */
    public int indexOf(String layerName) {
        int index = layerNames.indexOf(layerName);
        if (index < 0) {
            throw new IllegalArgumentException(name + " with " + layerNames.size() + " layers has no layer '" + layerName
                    + "'; it has " + layerNames);
        }
        return index;
    }

    /** The features of an already normalised 3-channel input, torchvision's {@code model.features(x)}. */
    @Override
    public Tensor forward(Tensor input) {
        return features.forward(input);
    }

    /** The activations after the layers at {@code indices} (ascending), of an already normalised input. */
    public List<Tensor> activations(Tensor input, int... indices) {
        return FeatureExtractor.of(features, indices).extract(input);
    }

    /**
     * A feature extractor for images in [0, 1] with 1 channel (MRI magnitudes, repeated to 3) or 3:
     * normalised with ImageNet's mean and standard deviation, as torchvision's weights expect, then the
     * activations after the given layers. Scale MRI images to [0, 1] first (e.g. by the target's maximum).
     */
    public FeatureExtractor extractor(int... indices) {
        FeatureExtractor layers = FeatureExtractor.of(features, indices);
        return x -> layers.extract(imageNetInput(x));
    }

    /** {@link #extractor(int...)} by layer names, e.g. {@code "relu2_2", "relu5_3"}. */
    public FeatureExtractor extractor(String... names) {
        int[] indices = new int[names.length];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = indexOf(names[i]);
        }
        return extractor(indices);
    }

    /** Images [N, 1 or 3, H, W] in [0, 1] as VGG expects them: 3 channels, (x − mean) / std per channel. */
    public static Tensor imageNetInput(Tensor x) {
        if (x.rank() != 4 || (x.size(1) != 1 && x.size(1) != 3)) {
            throw new ShapeMismatchException("VGG input must be images [N, 1 or 3, H, W], got shape " + x.shape());
        }
        Tensor rgb = x.size(1) == 3 ? x : x.expand(x.size(0), 3, x.size(2), x.size(3));
        Tensor mean = Tensor.of(IMAGENET_MEAN, 1, 3, 1, 1).to(x.dtype()).to(x.device());
        Tensor std = Tensor.of(IMAGENET_STD, 1, 3, 1, 1).to(x.dtype()).to(x.device());
        return rgb.sub(mean).div(std);
    }

    /**
     * Loads torchvision weights: a state dict of {@code vgg16()} or {@code vgg19()} (features and
     * classifier) or of its {@code features}, under torchvision's keys. Every parameter of this model must
     * be there with its shape; the classifier and feature layers past a truncation are skipped; any
     * other key is refused, since it would mean the file is not this architecture's.
     */
    public LoadReport loadTorchvision(Map<String, Tensor> state) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        List<String> foreign = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            Matcher m = FEATURE_KEY.matcher(key);
            if (m.matches() && Integer.parseInt(m.group(1)) < features.size()) {
                own.put(key, e.getValue());
            } else if (!key.startsWith("classifier.") && !m.matches()) {
                foreign.add(key);
            }
        }
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("not a torchvision " + name + " state dict: unexpected keys " + foreign);
        }
        return loadStateDict(own, true);
    }

    /**
     * Stops gradients from accumulating in the parameters (until they are next loaded), for a fixed
     * feature extractor: backward then computes only what reaches the input.
     */
    public Vgg freeze() {
        parameters().forEach(p -> p.value().requiresGrad(false));
        return this;
    }
}
