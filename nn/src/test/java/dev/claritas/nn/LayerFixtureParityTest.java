package dev.claritas.nn;

import static dev.claritas.nn.NnFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.Json;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import dev.claritas.tensor.spi.UpsampleMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer against PyTorch's module of the same name, from the fixtures of
 * {@code tools/make_layer_fixtures.py}: for each mode the fixture lists (training, and evaluation
 * where it differs), a fresh layer loads PyTorch's state dict strictly (so the key names must match),
 * and its output, the gradients of L = Σ output · proj for the input and every parameter, and its
 * buffers after the pass must match PyTorch's. The layer's {@code toString} must read as PyTorch's repr.
 */
class LayerFixtureParityTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/layers");
    private static final String SUFFIX = ".safetensors";

    static List<String> fixtures() throws IOException {
        try (var files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void layerMatchesPyTorch(String name) throws IOException {
        SafeTensorsFile f = SafeTensors.read(DIR.resolve(name + SUFFIX));
        String moduleName = f.metadata().get("module");
        Args args = new Args(asMap(Json.parse(f.metadata().get("args"))));
        Map<String, Tensor> initial = withPrefix(f, "state.");
        assertEquals(f.metadata().get("repr"), create(moduleName, args).toString(), name + ": repr");
        for (Object mode : (List<?>) Json.parse(f.metadata().get("modes"))) {
            Module layer = create(moduleName, args);
            layer.loadStateDict(initial, true);
            if (mode.equals("eval")) {
                layer.eval();
            }
            String what = name + " (" + mode + ")";

            Tensor x = tensor(f, "input").requiresGrad(true);
            Tensor out = layer.forward(x);
            assertClose(tensor(f, mode + ".output"), out, what + " output");

            out.mul(tensor(f, "proj")).sum().backward();
            Map<String, Tensor> grads = withPrefix(f, mode + ".grad.");
            Set<String> expectedGrads = new TreeSet<>(layer.namedParameters().keySet());
            expectedGrads.add("input");
            assertEquals(expectedGrads, new TreeSet<>(grads.keySet()), what + ": PyTorch's gradients are for the input and the same parameters");
            assertClose(grads.get("input"), x.grad(), what + " input gradient");
            layer.namedParameters().forEach((key, p) -> {
                assertNotNull(p.grad(), what + ": no gradient reached " + key);
                assertClose(grads.get(key), p.grad(), what + " gradient of " + key);
            });

            Map<String, Tensor> buffersAfter = withPrefix(f, mode + ".state.");
            assertEquals(buffersAfter.keySet(), layer.namedBuffers().keySet(), what + ": buffers");
            Map<String, Tensor> state = layer.stateDict();
            buffersAfter.forEach((key, expected) -> assertClose(expected, state.get(key), what + " " + key + " after the pass"));
        }
    }

    private static Tensor tensor(SafeTensorsFile f, String key) {
        return TensorFiles.fromRaw(f.tensor(key));
    }

    /** The tensors whose names start with {@code prefix}, under the rest of their names. */
    private static Map<String, Tensor> withPrefix(SafeTensorsFile f, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        f.tensors().keySet().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> out.put(k.substring(prefix.length()), tensor(f, k)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json) {
        return (Map<String, Object>) json;
    }

    /**
     * The layer PyTorch built from {@code args} (its keyword arguments). When the fixture passes only
     * the required arguments, the short constructor is used, so its defaults are PyTorch's too.
     */
    private static Module create(String module, Args a) {
        return switch (module) {
            case "Linear" -> a.only("in_features", "out_features")
                    ? new Linear(a.integer("in_features"), a.integer("out_features"))
                    : new Linear(a.integer("in_features"), a.integer("out_features"), a.bool("bias", true));
            case "Conv1d" -> a.only("in_channels", "out_channels", "kernel_size")
                    ? new Conv1d(a.integer("in_channels"), a.integer("out_channels"), a.integer("kernel_size"))
                    : new Conv1d(a.integer("in_channels"), a.integer("out_channels"), a.integer("kernel_size"),
                            a.integer("stride", 1), a.integer("padding", 0), a.integer("dilation", 1), a.integer("groups", 1),
                            a.bool("bias", true));
            case "ConvTranspose2d" -> a.only("in_channels", "out_channels", "kernel_size", "stride")
                    ? new ConvTranspose2d(a.integer("in_channels"), a.integer("out_channels"), a.integer("kernel_size"),
                            a.integer("stride"))
                    : new ConvTranspose2d(a.integer("in_channels"), a.integer("out_channels"), a.pair("kernel_size", 0),
                            a.pair("stride", 1), a.pair("padding", 0), a.pair("output_padding", 0), a.integer("groups", 1),
                            a.bool("bias", true), a.pair("dilation", 1));
            case "Conv3d" -> a.only("in_channels", "out_channels", "kernel_size")
                    ? new Conv3d(a.integer("in_channels"), a.integer("out_channels"), a.integer("kernel_size"))
                    : new Conv3d(a.integer("in_channels"), a.integer("out_channels"), a.triple("kernel_size", 0),
                            a.triple("stride", 1), a.triple("padding", 0), a.triple("dilation", 1), a.integer("groups", 1),
                            a.bool("bias", true));
            case "ConvTranspose3d" -> a.only("in_channels", "out_channels", "kernel_size", "stride")
                    ? new ConvTranspose3d(a.integer("in_channels"), a.integer("out_channels"), a.integer("kernel_size"),
                            a.integer("stride"))
                    : new ConvTranspose3d(a.integer("in_channels"), a.integer("out_channels"), a.triple("kernel_size", 0),
                            a.triple("stride", 1), a.triple("padding", 0), a.triple("output_padding", 0), a.integer("groups", 1),
                            a.bool("bias", true), a.triple("dilation", 1));
            case "BatchNorm3d" -> a.only("num_features")
                    ? new BatchNorm3d(a.integer("num_features"))
                    : new BatchNorm3d(a.integer("num_features"), a.real("eps", 1e-5), a.real("momentum", 0.1));
            case "InstanceNorm3d" -> a.only("num_features")
                    ? new InstanceNorm3d(a.integer("num_features"))
                    : new InstanceNorm3d(a.integer("num_features"), a.real("eps", 1e-5), a.real("momentum", 0.1),
                            a.bool("affine", false), a.bool("track_running_stats", false));
            case "MaxPool3d" -> a.only("kernel_size") && a.isNumber("kernel_size")
                    ? new MaxPool3d(a.integer("kernel_size"))
                    : new MaxPool3d(a.triple("kernel_size", 0), a.triple("stride", a.triple("kernel_size", 0)),
                            a.triple("padding", 0), a.bool("ceil_mode", false));
            case "AvgPool3d" -> a.only("kernel_size") && a.isNumber("kernel_size")
                    ? new AvgPool3d(a.integer("kernel_size"))
                    : new AvgPool3d(a.triple("kernel_size", 0), a.triple("stride", a.triple("kernel_size", 0)),
                            a.triple("padding", 0), a.bool("ceil_mode", false), a.bool("count_include_pad", true));
            case "BatchNorm1d" -> a.only("num_features")
                    ? new BatchNorm1d(a.integer("num_features"))
                    : new BatchNorm1d(a.integer("num_features"), a.real("eps", 1e-5), a.real("momentum", 0.1));
            case "InstanceNorm2d" -> a.only("num_features")
                    ? new InstanceNorm2d(a.integer("num_features"))
                    : new InstanceNorm2d(a.integer("num_features"), a.real("eps", 1e-5), a.real("momentum", 0.1),
                            a.bool("affine", false), a.bool("track_running_stats", false));
            case "GroupNorm" -> a.only("num_groups", "num_channels")
                    ? new GroupNorm(a.integer("num_groups"), a.integer("num_channels"))
                    : new GroupNorm(a.integer("num_groups"), a.integer("num_channels"), a.real("eps", 1e-5), a.bool("affine", true));
            case "LayerNorm" -> a.only("normalized_shape")
                    ? new LayerNorm(a.ints("normalized_shape"))
                    : new LayerNorm(a.ints("normalized_shape"), a.real("eps", 1e-5), a.bool("elementwise_affine", true));
            case "Dropout" -> a.only() ? new Dropout() : new Dropout(a.real("p", 0.5));
            case "Dropout2d" -> a.only() ? new Dropout2d() : new Dropout2d(a.real("p", 0.5));
            case "PReLU" -> a.only() ? new PReLU()
                    : a.only("num_parameters") ? new PReLU(a.integer("num_parameters"))
                    : new PReLU(a.integer("num_parameters", 1), a.real("init", 0.25));
            case "ELU" -> a.only() ? new ELU() : new ELU(a.real("alpha", 1));
            case "GELU" -> a.only() ? new GELU() : new GELU(a.string("approximate", "none"));
            case "SiLU" -> new SiLU();
            case "Tanh" -> new Tanh();
            case "Sigmoid" -> new Sigmoid();
            case "Softplus" -> a.only() ? new Softplus() : new Softplus(a.real("beta", 1), a.real("threshold", 20));
            case "MaxPool2d" -> a.only("kernel_size") && a.isNumber("kernel_size")
                    ? new MaxPool2d(a.integer("kernel_size"))
                    : new MaxPool2d(a.pair("kernel_size", 0), a.pair("stride", a.pair("kernel_size", 0)), a.pair("padding", 0),
                            a.bool("ceil_mode", false));
            case "AvgPool2d" -> a.only("kernel_size") && a.isNumber("kernel_size")
                    ? new AvgPool2d(a.integer("kernel_size"))
                    : new AvgPool2d(a.pair("kernel_size", 0), a.pair("stride", a.pair("kernel_size", 0)), a.pair("padding", 0),
                            a.bool("ceil_mode", false), a.bool("count_include_pad", true));
            case "AdaptiveAvgPool2d" -> a.isNumber("output_size")
                    ? new AdaptiveAvgPool2d(a.integer("output_size"))
                    : new AdaptiveAvgPool2d(a.pair("output_size", 0)[0], a.pair("output_size", 0)[1]);
            case "Upsample" -> upsample(a);
            case "PixelShuffle" -> new PixelShuffle(a.integer("upscale_factor"));
            case "PixelUnshuffle" -> new PixelUnshuffle(a.integer("downscale_factor"));
            case "Identity" -> new Identity();
            default -> throw new IllegalArgumentException("no Claritas layer for PyTorch's " + module);
        };
    }

    private static Upsample upsample(Args a) {
        UpsampleMode mode = UpsampleMode.valueOf(a.string("mode", "nearest").toUpperCase());
        boolean alignCorners = a.bool("align_corners", false);
        if (a.has("size")) {
            return new Upsample(a.pair("size", 0), mode, alignCorners);
        }
        double factor = a.real("scale_factor", 0);
        return a.only("scale_factor") ? new Upsample(factor) : new Upsample(factor, mode, alignCorners);
    }

    /** A layer's keyword arguments as PyTorch got them; an integer pair may be one number or a list of two. */
    private record Args(Map<String, Object> map) {
        boolean has(String key) {
            return map.containsKey(key);
        }

        /** Whether the arguments are exactly {@code keys}: the short constructor's. */
        boolean only(String... keys) {
            return map.keySet().equals(Set.of(keys));
        }

        boolean isNumber(String key) {
            return map.get(key) instanceof Number;
        }

        int integer(String key) {
            return ((Number) require(key)).intValue();
        }

        int integer(String key, int otherwise) {
            return has(key) ? integer(key) : otherwise;
        }

        double real(String key, double otherwise) {
            return has(key) ? ((Number) map.get(key)).doubleValue() : otherwise;
        }

        boolean bool(String key, boolean otherwise) {
            return has(key) ? (Boolean) map.get(key) : otherwise;
        }

        String string(String key, String otherwise) {
            return has(key) ? (String) map.get(key) : otherwise;
        }

        /** A list of integers, or one integer as a list of one. */
        int[] ints(String key) {
            Object v = require(key);
            List<?> list = v instanceof List<?> l ? l : List.of(v);
            return list.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }

        int[] pair(String key, int otherwise) {
            return pair(key, new int[] {otherwise, otherwise});
        }

        int[] pair(String key, int[] otherwise) {
            return perAxis(key, otherwise);
        }

        int[] triple(String key, int otherwise) {
            return triple(key, new int[] {otherwise, otherwise, otherwise});
        }

        int[] triple(String key, int[] otherwise) {
            return perAxis(key, otherwise);
        }

        /** One value per axis, as many as {@code otherwise} has; one number stands for all. */
        private int[] perAxis(String key, int[] otherwise) {
            if (!has(key)) {
                return otherwise;
            }
            int[] v = ints(key);
            if (v.length != 1) {
                return v;
            }
            int[] all = new int[otherwise.length];
            Arrays.fill(all, v[0]);
            return all;
        }

        private Object require(String key) {
            Object v = map.get(key);
            if (v == null) {
                throw new IllegalArgumentException("fixture args lack '" + key + "': " + map.keySet().stream()
                        .collect(Collectors.joining(", ")));
            }
            return v;
        }
    }
}
