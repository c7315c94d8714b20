package dev.claritas.benchmarks.workload;

import dev.claritas.kernels.cpu.Gemm;

/** The CPU backend's single-precision GEMM kernel on row-major arrays, output preallocated. */
public final class GemmWorkload {
    private final GemmShape shape;
    private final float[] a;
    private final float[] b;
    private final float[] c;

    public GemmWorkload(GemmShape shape) {
        Inputs random = new Inputs(3);
        this.shape = shape;
        this.a = random.normal(shape.m(), shape.k()).toFloatArray();
        this.b = random.normal(shape.k(), shape.n()).toFloatArray();
        this.c = new float[shape.m() * shape.n()];
    }

    /** Overwrites C with A·B and returns it. */
    public float[] run() {
        Gemm.gemm(false, false, shape.m(), shape.n(), shape.k(), a, 0, shape.k(), b, 0, shape.n(), c, 0, shape.n(), false);
        return c;
    }
}
