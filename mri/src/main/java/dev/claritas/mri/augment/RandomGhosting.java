package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomGhosting}: every {@code n}-th k-space line (plane) along a phase-encoding axis
 * is scaled by {@code 1 − intensity}, except a central band of {@code round(restore · size)} lines on
 * each side of the centre (TorchIO's {@code restore}, default 0.02), which is kept; the image is the real
 * part of the inverse FFT. n is drawn from [{@code minGhosts}, {@code maxGhosts}], intensity from
 * [{@code intensityLow}, {@code intensityHigh}] and the axis among H and W (TorchIO defaults: 4–10
 * ghosts, intensity 0.5–1).
 */
public record RandomGhosting(int minGhosts, int maxGhosts, double intensityLow, double intensityHigh, double restore)
        implements Augmentation {

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        int ghosts = minGhosts + random.nextInt(maxGhosts - minGhosts + 1);
        double intensity = intensityLow + (intensityHigh - intensityLow) * random.nextDouble();
        boolean alongW = random.nextBoolean();
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(Kspace.inverseReal(modulate(Kspace.forward(x), ghosts, intensity, alongW, restore)));
        }
        return out;
    }

    /** The ghosting modulation of complex k-space [..., H, W, 2] along W (or H). */
    public static Tensor modulate(Tensor kspace, int ghosts, double intensity, boolean alongW, double restore) {
        int axis = kspace.rank() - (alongW ? 2 : 3);
        int n = kspace.size(axis);
        int mid = n / 2;
        int band = (int) Math.rint(restore * n);
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            boolean touched = i % ghosts == 0 && (i < mid - band || i >= mid + band);
            weight[i] = touched ? 1 - intensity : 1;
        }
        int[] shape = new int[kspace.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[axis] = n;
        return kspace.mul(Tensor.of(weight, shape).to(kspace.dtype()).to(kspace.device()));
    }
}
