package dev.claritas.mri.denoise;

import dev.claritas.tensor.Tensor;

/**
 * A stack of 2-D slices in NIfTI order (x fastest, then y, then the slice index z), the layout both
 * NIfTI files and [slices, 1, ny, nx] tensors share, so conversion is a reshape.
 */
public record Volume(float[] data, int nx, int ny, int nz) {

    public Volume {
        if ((long) nx * ny * nz != data.length) {
            throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " needs " + (long) nx * ny * nz
                    + " values, got " + data.length);
        }
    }

    /** Slices {@code [from, to)} as a [to−from, 1, ny, nx] tensor. */
    public Tensor slices(int from, int to) {
        return Tensor.of(subVolume(from, to).data, to - from, 1, ny, nx);
    }

    /** One slice's values. */
    public float[] slice(int z) {
        float[] s = new float[nx * ny];
        System.arraycopy(data, z * nx * ny, s, 0, s.length);
        return s;
    }

    /** The sub-volume of slices {@code [from, to)}. */
    public Volume subVolume(int from, int to) {
        float[] part = new float[(to - from) * nx * ny];
        System.arraycopy(data, from * nx * ny, part, 0, part.length);
        return new Volume(part, nx, ny, to - from);
    }

    /** The largest value (the scale the denoiser normalises by). */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            m = Math.max(m, v);
        }
        return m;
    }
}
