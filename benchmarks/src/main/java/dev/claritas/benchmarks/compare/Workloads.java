package dev.claritas.benchmarks.compare;

import dev.claritas.benchmarks.workload.ConvLayer;
import dev.claritas.benchmarks.workload.ConvWorkload;
import dev.claritas.benchmarks.workload.Fft2cWorkload;
import dev.claritas.benchmarks.workload.FftShape;
import dev.claritas.benchmarks.workload.GemmShape;
import dev.claritas.benchmarks.workload.GemmWorkload;
import dev.claritas.benchmarks.workload.JTransformsFft2c;
import dev.claritas.benchmarks.workload.Layout;
import dev.claritas.benchmarks.workload.ResampleOp;
import dev.claritas.benchmarks.workload.ResampleWorkload;
import dev.claritas.benchmarks.workload.TrainingStep;
import dev.claritas.tensor.MemoryFormat;
import java.util.function.Supplier;

/** Builds the Java worker's workloads from specs: Claritas for every kind, JTransforms for {@code fft2c impl=jtransforms}. */
final class Workloads {
    /** Largest relative difference tolerated between JTransforms' and Claritas's transforms of the same data. */
    private static final double FFT_TOLERANCE = 1e-4;

    private Workloads() {}

    /** One call of the returned supplier is one timed call of the workload. */
    static Supplier<Object> create(Spec spec) {
        String impl = spec.get("impl", "claritas");
        if (!impl.equals("claritas") && !(impl.equals("jtransforms") && spec.kind().equals("fft2c"))) {
            throw new IllegalArgumentException("the Java worker has no " + impl + " implementation of " + spec.kind());
        }
        return switch (spec.kind()) {
            case "gemm" -> new GemmWorkload(GemmShape.parse(spec.get("shape")))::run;
            case "conv" -> conv(spec);
            case "resample" -> resample(spec);
            case "fft2c" -> fft2c(spec, impl.equals("jtransforms"));
            case "train" -> train(spec);
            default -> throw new IllegalArgumentException("unknown benchmark kind '" + spec.kind() + "'");
        };
    }

    private static Supplier<Object> conv(Spec spec) {
        boolean backward = backward(spec);
        ConvWorkload conv = new ConvWorkload(ConvLayer.parse(spec.get("layer")), spec.getInt("n"), backward, layout(spec));
        return backward ? conv::forwardBackward : conv::forward;
    }

    private static Supplier<Object> resample(Spec spec) {
        boolean backward = backward(spec);
        ResampleWorkload r = new ResampleWorkload(ResampleOp.of(spec.get("op")), spec.getInt("n"), spec.getInt("c"),
                spec.getInt("size"), backward);
        return backward ? r::forwardBackward : r::forward;
    }

    private static MemoryFormat layout(Spec spec) {
        return Layout.parse(spec.get("layout", "nchw"));
    }

    private static boolean backward(Spec spec) {
        return switch (spec.get("pass")) {
            case "fwd" -> false;
            case "fwdbwd" -> true;
            default -> throw new IllegalArgumentException("pass must be fwd or fwdbwd in '" + spec + "'");
        };
    }

    private static Supplier<Object> fft2c(Spec spec, boolean jtransforms) {
        FftShape shape = FftShape.parse(spec.get("shape"));
        Fft2cWorkload claritas = new Fft2cWorkload(shape);
        if (!jtransforms) {
            return claritas::run;
        }
        JTransformsFft2c peer = new JTransformsFft2c(shape, claritas.input());
        checkSameTransform(claritas.run().toFloatArray(), peer.run());
        return peer::run;
    }

    /** Makes sure the peer computes what Claritas does (same centring, sign and scale), or the race is meaningless. */
    private static void checkSameTransform(float[] expected, float[] actual) {
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        if (maxDiff > FFT_TOLERANCE * maxAbs) {
            throw new IllegalStateException("JTransforms' centred FFT differs from Claritas's by " + maxDiff
                    + " (largest value " + maxAbs + ")");
        }
    }

    private static Supplier<Object> train(Spec spec) {
        int n = spec.getInt("n");
        int size = spec.getInt("size");
        TrainingStep step = switch (spec.get("model")) {
            case "unet" -> TrainingStep.unet(n, size, layout(spec));
            case "dncnn" -> TrainingStep.dncnn(n, size, layout(spec));
            default -> throw new IllegalArgumentException("unknown model in '" + spec + "'");
        };
        return step::run;
    }
}
