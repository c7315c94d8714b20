package dev.claritas.benchmarks.workload;

/**
 * A matrix product C[m×n] = A[m×k]·B[k×n], named {@code MxNxK}. The MRI-like shapes are those of
 * a convolution lowered to GEMM: m output channels, n output pixels, k = input channels × kernel area.
 */
public record GemmShape(int m, int n, int k) {
    public GemmShape {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("bad GEMM shape " + m + "x" + n + "x" + k);
        }
    }

    /** Parses {@code MxNxK}, e.g. {@code 1024x1024x1024}. */
    public static GemmShape parse(String name) {
        String[] parts = name.split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("GEMM shape '" + name + "' is not MxNxK");
        }
        return new GemmShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    /** 2·m·n·k: one multiply and one add per term. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    @Override
    public String toString() {
        return m + "x" + n + "x" + k;
    }
}
