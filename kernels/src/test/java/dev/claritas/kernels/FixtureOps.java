package dev.claritas.kernels;

import static dev.claritas.kernels.OpParityTest.ints;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.PadMode;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.spi.UpsampleMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps the fixtures' PyTorch calls (op name, positional tensors, keyword arguments) onto Claritas calls. */
final class FixtureOps {
    private FixtureOps() {}

    /** Applies a fixture's view transforms (permute, transpose, narrow, expand, unsqueeze) in order. */
    static Tensor applyViews(Tensor t, Object transforms) {
        if (transforms == null) {
            return t;
        }
        Tensor v = t;
        for (Object o : (List<?>) transforms) {
            List<?> tr = (List<?>) o;
            String kind = (String) tr.get(0);
            v = switch (kind) {
                case "permute" -> v.permute(ints(tr.get(1)));
                case "transpose" -> v.transpose(i(tr.get(1)), i(tr.get(2)));
                case "narrow" -> v.narrow(i(tr.get(1)), i(tr.get(2)), i(tr.get(3)));
                case "expand" -> v.expand(ints(tr.get(1)));
                case "unsqueeze" -> v.unsqueeze(i(tr.get(1)));
                default -> throw new IllegalArgumentException("unknown view transform " + kind);
            };
        }
        return v;
    }

    static List<Tensor> run(String op, List<Tensor> in, Map<String, Object> args) {
        Tensor x = in.get(0);
        return switch (op) {
            case "neg" -> List.of(x.neg());
            case "abs" -> List.of(x.abs());
            case "exp" -> List.of(x.exp());
            case "log" -> List.of(x.log());
            case "sqrt" -> List.of(x.sqrt());
            case "rsqrt" -> List.of(x.rsqrt());
            case "sin" -> List.of(x.sin());
            case "cos" -> List.of(x.cos());
            case "tanh" -> List.of(x.tanh());
            case "sigmoid" -> List.of(x.sigmoid());
            case "relu" -> List.of(x.relu());
            case "leaky_relu" -> List.of(x.leakyRelu(d(args.getOrDefault("negative_slope", 0.01))));
            case "gelu" -> List.of(x.gelu());
            case "pow_scalar" -> List.of(x.pow(d(args.get("exponent"))));
            case "clamp" -> List.of(x.clamp(d(args.getOrDefault("min", Double.NaN)), d(args.getOrDefault("max", Double.NaN))));
            case "add" -> List.of(x.add(in.get(1)));
            case "sub" -> List.of(x.sub(in.get(1)));
            case "mul" -> List.of(x.mul(in.get(1)));
            case "div" -> List.of(x.div(in.get(1)));
            case "pow" -> List.of(x.pow(in.get(1)));
            case "maximum" -> List.of(x.maximum(in.get(1)));
            case "minimum" -> List.of(x.minimum(in.get(1)));
            case "eq" -> List.of(x.eq(in.get(1)));
            case "ne" -> List.of(x.ne(in.get(1)));
            case "lt" -> List.of(x.lt(in.get(1)));
            case "le" -> List.of(x.le(in.get(1)));
            case "gt" -> List.of(x.gt(in.get(1)));
            case "ge" -> List.of(x.ge(in.get(1)));
            case "where" -> List.of(Ops.where(x, in.get(1), in.get(2)));
            case "sum" -> List.of(args.containsKey("dim") ? x.sum(ints(args.get("dim")), keepdim(args)) : x.sum());
            case "mean" -> List.of(args.containsKey("dim") ? x.mean(ints(args.get("dim")), keepdim(args)) : x.mean());
            case "var", "std" -> {
                int correction = Boolean.FALSE.equals(args.get("unbiased")) ? 0 : 1;
                int[] dims = args.containsKey("dim") ? ints(args.get("dim")) : new int[0];
                yield List.of(op.equals("var") ? x.var(dims, correction, keepdim(args)) : x.std(dims, correction, keepdim(args)));
            }
            case "max", "min" -> {
                if (!args.containsKey("dim")) {
                    yield List.of(op.equals("max") ? x.max() : x.min());
                }
                Tensor.ValuesIndices r = op.equals("max") ? x.max(i(args.get("dim")), keepdim(args)) : x.min(i(args.get("dim")), keepdim(args));
                yield List.of(r.values(), r.indices());
            }
            case "amax" -> List.of(x.amax(ints(args.get("dim")), keepdim(args)));
            case "amin" -> List.of(x.amin(ints(args.get("dim")), keepdim(args)));
            case "argmax" -> List.of(x.argmax(i(args.get("dim")), keepdim(args)));
            case "argmin" -> List.of(x.argmin(i(args.get("dim")), keepdim(args)));
            case "softmax" -> List.of(x.softmax(i(args.get("dim"))));
            case "log_softmax" -> List.of(x.logSoftmax(i(args.get("dim"))));
            case "matmul" -> List.of(x.matmul(in.get(1)));
            case "bmm" -> List.of(x.bmm(in.get(1)));
            case "conv2d" -> List.of(Ops.conv2d(x, in.get(1), in.size() > 2 ? in.get(2) : null, pair(args, "stride", 1),
                    pair(args, "padding", 0), pair(args, "dilation", 1), groups(args)));
            case "conv_transpose2d" -> List.of(Ops.convTranspose2d(x, in.get(1), in.size() > 2 ? in.get(2) : null,
                    pair(args, "stride", 1), pair(args, "padding", 0), pair(args, "output_padding", 0), groups(args),
                    pair(args, "dilation", 1)));
            case "max_pool2d" -> {
                int[] k = pair(args, "kernel_size", 1);
                yield List.of(Ops.maxPool2d(x, k, args.containsKey("stride") ? pair(args, "stride", 1) : k,
                        pair(args, "padding", 0), bool(args, "ceil_mode", false)));
            }
            case "avg_pool2d" -> {
                int[] k = pair(args, "kernel_size", 1);
                yield List.of(Ops.avgPool2d(x, k, args.containsKey("stride") ? pair(args, "stride", 1) : k,
                        pair(args, "padding", 0), bool(args, "ceil_mode", false), bool(args, "count_include_pad", true)));
            }
            case "conv3d" -> List.of(Ops.conv3d(x, in.get(1), in.size() > 2 ? in.get(2) : null, triple(args, "stride", 1),
                    triple(args, "padding", 0), triple(args, "dilation", 1), groups(args)));
            case "conv_transpose3d" -> List.of(Ops.convTranspose3d(x, in.get(1), in.size() > 2 ? in.get(2) : null,
                    triple(args, "stride", 1), triple(args, "padding", 0), triple(args, "output_padding", 0), groups(args),
                    triple(args, "dilation", 1)));
            case "max_pool3d" -> {
                int[] k = triple(args, "kernel_size", 1);
                yield List.of(Ops.maxPool3d(x, k, args.containsKey("stride") ? triple(args, "stride", 1) : k,
                        triple(args, "padding", 0), bool(args, "ceil_mode", false)));
            }
            case "avg_pool3d" -> {
                int[] k = triple(args, "kernel_size", 1);
                yield List.of(Ops.avgPool3d(x, k, args.containsKey("stride") ? triple(args, "stride", 1) : k,
                        triple(args, "padding", 0), bool(args, "ceil_mode", false), bool(args, "count_include_pad", true)));
            }
            case "interpolate" -> List.of(interpolate(x, args));
            case "pad" -> List.of(Ops.pad(x, ints(args.get("pad")),
                    PadMode.valueOf(((String) args.getOrDefault("mode", "constant")).toUpperCase(Locale.ROOT)),
                    d(args.getOrDefault("value", 0.0))));
            case "cat" -> List.of(Ops.cat(in, i(args.get("dim"))));
            case "stack" -> List.of(Ops.stack(in, i(args.get("dim"))));
            case "split" -> {
                Object s = args.get("split_size_or_sections");
                int dim = i(args.getOrDefault("dim", 0L));
                yield s instanceof Number n ? Ops.split(x, n.intValue(), dim) : Ops.split(x, ints(s), dim);
            }
            case "chunk" -> Ops.chunk(x, i(args.get("chunks")), i(args.getOrDefault("dim", 0L)));
            case "index_select" -> List.of(Ops.indexSelect(x, i(args.get("dim")), in.get(1)));
            case "gather" -> List.of(Ops.gather(x, i(args.get("dim")), in.get(1)));
            case "scatter_add" -> List.of(Ops.scatterAdd(x, i(args.get("dim")), in.get(1), in.get(2)));
            case "reshape" -> List.of(x.reshape(ints(args.get("shape"))));
            case "permute" -> List.of(x.permute(ints(args.get("dims"))));
            case "transpose" -> List.of(x.transpose(i(args.get("dim0")), i(args.get("dim1"))));
            case "narrow" -> List.of(x.narrow(i(args.get("dim")), i(args.get("start")), i(args.get("length"))));
            case "expand" -> List.of(x.expand(ints(args.get("size"))));
            case "squeeze" -> List.of(args.containsKey("dim") ? x.squeeze(i(args.get("dim"))) : x.squeeze());
            case "unsqueeze" -> List.of(x.unsqueeze(i(args.get("dim"))));
            case "flatten" -> List.of(x.flatten(i(args.getOrDefault("start_dim", 0L)), i(args.getOrDefault("end_dim", -1L))));
            case "contiguous" -> List.of(x.contiguous());
            case "fft2c" -> List.of(Ops.fft2c(x));
            case "ifft2c" -> List.of(Ops.ifft2c(x));
            case "mse_loss" -> List.of(reduce(x.sub(in.get(1)).square(), args));
            case "l1_loss" -> List.of(reduce(x.sub(in.get(1)).abs(), args));
            default -> throw new IllegalArgumentException("no Claritas mapping for fixture op " + op);
        };
    }

    private static Tensor interpolate(Tensor x, Map<String, Object> args) {
        int outH, outW;
        if (args.containsKey("size")) {
            int[] size = ints(args.get("size"));
            outH = size[0];
            outW = size.length > 1 ? size[1] : size[0];
        } else {
            Object sf = args.get("scale_factor");
            double sh = sf instanceof List<?> l ? d(l.get(0)) : d(sf);
            double sw = sf instanceof List<?> l ? d(l.get(l.size() - 1)) : d(sf);
            outH = (int) Math.floor(x.size(2) * sh);
            outW = (int) Math.floor(x.size(3) * sw);
        }
        UpsampleMode mode = UpsampleMode.valueOf(((String) args.get("mode")).toUpperCase(Locale.ROOT));
        return Ops.interpolate(x, outH, outW, mode, bool(args, "align_corners", false));
    }

    private static Tensor reduce(Tensor elementwise, Map<String, Object> args) {
        return "sum".equals(args.getOrDefault("reduction", "mean")) ? elementwise.sum() : elementwise.mean();
    }

    /** An (h, w) argument: a list of two, or one number for both. */
    private static int[] pair(Map<String, Object> args, String key, int fallback) {
        return perAxis(args, key, fallback, 2);
    }

    /** A (d, h, w) argument: a list of three, or one number for all. */
    private static int[] triple(Map<String, Object> args, String key, int fallback) {
        return perAxis(args, key, fallback, 3);
    }

    private static int[] perAxis(Map<String, Object> args, String key, int fallback, int axes) {
        if (!args.containsKey(key)) {
            return filled(axes, fallback);
        }
        int[] v = ints(args.get(key));
        return v.length == 1 ? filled(axes, v[0]) : v;
    }

    private static int[] filled(int length, int value) {
        int[] a = new int[length];
        Arrays.fill(a, value);
        return a;
    }

    private static int groups(Map<String, Object> args) {
        return i(args.getOrDefault("groups", 1L));
    }

    private static boolean keepdim(Map<String, Object> args) {
        return bool(args, "keepdim", false);
    }

    private static boolean bool(Map<String, Object> args, String key, boolean fallback) {
        Object v = args.get(key);
        return v == null ? fallback : (Boolean) v;
    }

    private static int i(Object o) {
        return ((Number) o).intValue();
    }

    private static double d(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
