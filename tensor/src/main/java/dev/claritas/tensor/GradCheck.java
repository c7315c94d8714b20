package dev.claritas.tensor;

import dev.claritas.autograd.GradMode;
import java.util.List;
import java.util.function.Function;

/**
 * Finite-difference gradient checking, PyTorch's {@code gradcheck}: compares the gradient that
 * autograd computes for {@code sum(f(inputs) · projection)} with central differences, one input
 * element at a time. Use float64 inputs on the CPU.
 */
public final class GradCheck {
    private GradCheck() {}

    /** The largest disagreement found, and where. */
    public record Result(double maxError, String where) {
        public boolean passed() {
            return where == null;
        }
    }

    /**
     * Checks {@code f} at {@code inputs} (float64 leaves that require grad). An element passes when
     * |analytic − numeric| ≤ atol + rtol·|numeric|; the first element that fails is reported.
     */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double atol, double rtol) {
        for (Tensor t : inputs) {
            if (t.dtype() != DType.FLOAT64 || !t.requiresGrad() || !t.isLeaf() || !t.isContiguous()) {
                throw new IllegalArgumentException("gradcheck needs contiguous float64 leaves that require grad, got " + t);
            }
        }
        Tensor probe = f.apply(inputs);
        Tensor projection = Ops.normal(probe.shape().toArray(), 0, 1, DType.FLOAT64, probe.device(), new Generator(1234));
        inputs.forEach(Tensor::zeroGrad);
        probe.mul(projection).sum().backward();
        double worst = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            double[] analytic = input.grad() == null ? new double[input.numel()] : input.grad().toDoubleArray();
            Tensor flat = input.detach().reshape(-1);
            for (int e = 0; e < input.numel(); e++) {
                double original = flat.narrow(0, e, 1).item();
                double plus = evaluate(f, inputs, projection, flat, e, original + eps);
                double minus = evaluate(f, inputs, projection, flat, e, original - eps);
                set(flat, e, original);
                double numeric = (plus - minus) / (2 * eps);
                double error = Math.abs(analytic[e] - numeric);
                worst = Math.max(worst, error);
                if (error > atol + rtol * Math.abs(numeric)) {
                    return new Result(error, "input " + i + " element " + e + ": analytic " + analytic[e] + ", numeric " + numeric);
                }
            }
        }
        return new Result(worst, null);
    }

    /** With PyTorch's default tolerances for float64: eps 1e-6, atol 1e-5, rtol 1e-3. */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return check(f, inputs, 1e-6, 1e-5, 1e-3);
    }

    private static double evaluate(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Tensor projection,
                                   Tensor flat, int element, double value) {
        set(flat, element, value);
        try (var noGrad = GradMode.disable()) {
            return f.apply(inputs).mul(projection).sum().item();
        }
    }

    private static void set(Tensor flat, int element, double value) {
        try (var noGrad = GradMode.disable()) {
            flat.narrow(0, element, 1).fill(value);
        }
    }
}
