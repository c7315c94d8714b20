package dev.claritas.benchmarks.workload;

/**
 * A batch of complex images for a centred 2-D FFT, named {@code BxHxW}: {@code 1x320x320} is one
 * knee slice, {@code 15x640x368} one multi-coil fastMRI slice (15 coils, width 368 = 2⁴·23).
 */
public record FftShape(int batch, int height, int width) {
    public FftShape {
        if (batch < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("bad FFT shape " + batch + "x" + height + "x" + width);
        }
    }

    /** Parses {@code BxHxW}. */
    public static FftShape parse(String name) {
        String[] parts = name.split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("FFT shape '" + name + "' is not BxHxW");
        }
        return new FftShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    /** Floats in the batch: two per complex value. */
    public int floats() {
        return 2 * batch * height * width;
    }

    /** The conventional operation count of FFT benchmarks, 5·N·log₂N per transform of N points. */
    public double flops() {
        double n = (double) height * width;
        return 5 * batch * n * Math.log(n) / Math.log(2);
    }

    @Override
    public String toString() {
        return batch + "x" + height + "x" + width;
    }
}
