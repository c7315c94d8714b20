package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomSpike} (herringbone artefact): {@code spikes} k-space points at uniformly drawn
 * positions get {@code intensity · max|k|} added to their real part; the image is the real part of the
 * inverse FFT. Intensity is drawn from [{@code intensityLow}, {@code intensityHigh}] (TorchIO: ±(0.1, 1)).
 */
public record RandomSpike(int spikes, double intensityLow, double intensityHigh) implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        Tensor first = tensors.getFirst();
        int h = first.size(-2);
        int w = first.size(-1);
        int[][] points = new int[spikes][];
        for (int s = 0; s < spikes; s++) {
            points[s] = new int[] {random.nextInt(h), random.nextInt(w)};
        }
        double intensity = intensityLow + (intensityHigh - intensityLow) * random.nextDouble();
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(Kspace.inverseReal(spike(Kspace.forward(x), points, intensity)));
        }
        return out;
    }

    /** Adds {@code intensity · max|k|} to the real part of k-space [..., H, W, 2] at each (row, column). */
    public static Tensor spike(Tensor kspace, int[][] points, double intensity) {
        int h = kspace.size(-3);
        int w = kspace.size(-2);
        double peak = kspace.square().sum(-1, false).max().sqrt().item();
        double[] add = new double[h * w * 2];
        for (int[] p : points) {
            add[(p[0] * w + p[1]) * 2] += intensity * peak;
        }
        return kspace.add(Tensor.of(add, h, w, 2).to(kspace.dtype()).to(kspace.device()));
    }
}
