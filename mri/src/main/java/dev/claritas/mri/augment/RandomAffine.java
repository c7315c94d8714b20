package dev.claritas.mri.augment;

import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TorchIO's {@code RandomAffine}: a scaling, a rotation and a translation about the image centre, resampled
 * with {@link GridSample} (bilinear/trilinear). Per spatial axis a scale factor is drawn uniformly from
 * [{@code scaleLow}, {@code scaleHigh}] (TorchIO's {@code isotropic=False}) and a translation, in voxels
 * where TorchIO uses mm, from [{@code translationLow}, {@code translationHigh}]; per rotation plane an angle
 * in degrees from [{@code degreesLow}, {@code degreesHigh}] (2-D: the H–W plane; 3-D: the H–W, then D–W,
 * then D–H planes, applied in that order). Output voxel {@code p} samples the input at
 * {@code c + S⁻¹R⁻¹(p − c − t)}, c the centre, so a scale above 1 enlarges the content and a rotation of
 * +90° in the H–W plane equals {@code torch.rot90(x, 1, dims=(2, 3))} on a square plane.
 *
 * <p>Points mapped outside the input get 0 where TorchIO fills in the image's minimum
 * ({@code default_pad_value='minimum'}); for the usual background-zero MRI that is the same.
 */
public record RandomAffine(double scaleLow, double scaleHigh, double degreesLow, double degreesHigh,
        double translationLow, double translationHigh) implements Augmentation {

    /** TorchIO's defaults: scales (0.9, 1.1), degrees (−10, 10), no translation. */
    public static RandomAffine torchioDefaults() {
        return new RandomAffine(0.9, 1.1, -10, 10, 0, 0);
    }

    @Override
    public List<Tensor> apply(List<Tensor> tensors, RandomGenerator random) {
        int dims = Augmentation.spatialDims(tensors.getFirst());
        double[] scale = new double[dims];
        for (int a = 0; a < dims; a++) {
            scale[a] = uniform(random, scaleLow, scaleHigh);
        }
        double[] degrees = new double[dims == 2 ? 1 : 3];
        for (int i = 0; i < degrees.length; i++) {
            degrees[i] = uniform(random, degreesLow, degreesHigh);
        }
        double[] shift = new double[dims];
        for (int a = 0; a < dims; a++) {
            shift[a] = uniform(random, translationLow, translationHigh);
        }
        double[][] rotation = rotation(degrees);
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : tensors) {
            out.add(transform(x, scale, rotation, shift));
        }
        return out;
    }

    /** {@code x} resampled so that its content is scaled, rotated and translated about the centre. */
    static Tensor transform(Tensor x, double[] scale, double[][] rotation, double[] shift) {
        int dims = scale.length;
        double[] centre = new double[dims];
        for (int a = 0; a < dims; a++) {
            centre[a] = (x.size(2 + a) - 1) / 2.0;
        }
        double[] v = new double[dims];
        return GridSample.warp(x, (p, q) -> {
            for (int a = 0; a < dims; a++) {
                v[a] = p[a] - centre[a] - shift[a];
            }
            for (int a = 0; a < dims; a++) {
                double r = 0; // (R⁻¹ v)_a = (Rᵀ v)_a: rotations are orthogonal
                for (int b = 0; b < dims; b++) {
                    r += rotation[b][a] * v[b];
                }
                q[a] = centre[a] + r / scale[a];
            }
        });
    }

    /**
     * The rotation matrix (axis order D, H, W, or H, W in 2-D) for angles in degrees: one in the H–W plane
     * (2-D), or in the H–W, D–W and D–H planes, the H–W rotation applied first (3-D).
     */
    static double[][] rotation(double[] degrees) {
        if (degrees.length == 1) {
            return planeRotation(2, 0, 1, degrees[0]);
        }
        double[][] r = planeRotation(3, 1, 2, degrees[0]);
        r = multiply(planeRotation(3, 0, 2, degrees[1]), r);
        return multiply(planeRotation(3, 0, 1, degrees[2]), r);
    }

    /** A rotation turning axis {@code a} towards axis {@code b} for positive angles. */
    private static double[][] planeRotation(int n, int a, int b, double degrees) {
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            r[i][i] = 1;
        }
        double t = Math.toRadians(degrees);
        r[a][a] = Math.cos(t);
        r[a][b] = -Math.sin(t);
        r[b][a] = Math.sin(t);
        r[b][b] = Math.cos(t);
        return r;
    }

    private static double[][] multiply(double[][] m, double[][] n) {
        double[][] out = new double[m.length][n[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < n[0].length; j++) {
                for (int k = 0; k < n.length; k++) {
                    out[i][j] += m[i][k] * n[k][j];
                }
            }
        }
        return out;
    }

    static double uniform(RandomGenerator random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
